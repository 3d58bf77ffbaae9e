package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.wrappers.SimulatedRobot.Event;
import io.gymbridge.env.wrappers.SimulatedRobot.Kind;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.Watchdog;
import io.gymbridge.wire.ProtoCodec;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command watchdog on agent-paced sessions (issue 15, item 2): it fires on silence, latches a
 * fault that refuses Steps until cleared, holds for its periods and then calls the robot's safe
 * action or controlled stop; a step in progress is not silence; a lost stream is silence at once.
 */
class WatchdogTest {
    private static final Tensor GO = TestRobot.act(0.5f);

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void silence_latchesTheFault_thenTheSafeActionAfterTheHold(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("period_ms=40&watchdog_ms=60&watchdog_hold=2")) {
            env.reset(0);
            long lastStep = 0;
            for (int i = 0; i < 10; i++) { // commands in time: nothing fires
                Thread.sleep(10);
                env.step(GO);
                // when the server's step returned, by its monotonic clock: CLOCK_MONOTONIC, as
                // System.nanoTime() here and the robot's events on both servers
                lastStep = env.lastTiming().serverObservedMonotonicNs();
            }
            assertTrue(server.events(Kind.FAULT).isEmpty());
            Event fault = awaitEvent(server, Kind.FAULT, 5_000);
            Event safe = awaitEvent(server, Kind.SAFE_ACTION, 5_000);
            long reactionMs = (fault.nanos() - lastStep) / 1_000_000;
            assertTrue(reactionMs >= 59, "fired " + reactionMs + " ms after the last step");
            long holdMs = (safe.nanos() - fault.nanos()) / 1_000_000;
            assertTrue(holdMs >= 75, "safe action " + holdMs + " ms after the fault, hold 2 x 40");
            assertTrue(fault.detail().startsWith("watchdog: no command for"), fault.detail());

            EnvException refused = assertThrows(EnvException.class, () -> env.step(GO));
            assertEquals(EnvException.Code.FAILED_PRECONDITION, refused.code());
            assertTrue(
                    refused.getMessage().contains("watchdog: no command for"),
                    refused.getMessage());

            assertTrue(env.clearFault().startsWith("watchdog"));
            assertEquals("", env.clearFault()); // nothing left to clear
            env.step(GO); // served again, and the watchdog is armed again
            awaitEventCount(server, Kind.FAULT, 2, 5_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aStepLongerThanTheTimeout_isNotSilence(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("step_ms=150&watchdog_ms=50&watchdog_hold=0")) {
            env.reset(0);
            for (int i = 0; i < 3; i++) {
                env.step(GO); // each takes three timeouts; the next follows at once
            }
            assertTrue(server.events(Kind.FAULT).isEmpty(), "fired during a step");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void controlledStop_isCalledInsteadOfTheSafeAction(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env =
                        server.open("watchdog_ms=30&watchdog_action=controlled_stop")) {
            env.reset(0);
            env.step(GO);
            awaitEvent(server, Kind.CONTROLLED_STOP, 5_000);
            assertTrue(server.events(Kind.SAFE_ACTION).isEmpty());
            env.reset(0); // a Reset clears the fault too
            env.step(GO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aCancelledStream_isSilenceAtOnce(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind)) {
            ManagedChannel channel =
                    NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                            .usePlaintext()
                            .build();
            try {
                LinkedBlockingQueue<SessionResponse> answers = new LinkedBlockingQueue<>();
                var call =
                        (ClientCallStreamObserver<SessionRequest>)
                                EnvServiceGrpc.newStub(channel)
                                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                                        .session(collect(answers));
                call.onNext(
                        SessionRequest.newBuilder()
                                .setMake(
                                        MakeRequest.newBuilder()
                                                .setEnvId(TestRobot.ID)
                                                .putAllKwargs(
                                                        ProtoCodec.toValueMap(server.extraKwargs())
                                                                .getEntriesMap())
                                                .setWatchdog(
                                                        Watchdog.newBuilder()
                                                                .setCommandTimeoutMs(60_000)
                                                                .setHoldPeriods(1)))
                                .build());
                String id = answers.poll(10, TimeUnit.SECONDS).getMake().getSessionId();
                call.onNext(
                        SessionRequest.newBuilder()
                                .setReset(ResetRequest.newBuilder().setSessionId(id))
                                .build());
                assertTrue(answers.poll(10, TimeUnit.SECONDS).hasReset());
                long cancelled = System.nanoTime();
                call.cancel("the agent died", null);
                Event fault = awaitEvent(server, Kind.FAULT, 5_000);
                Event safe = awaitEvent(server, Kind.SAFE_ACTION, 5_000);
                assertTrue(fault.detail().contains("stream was cancelled"), fault.detail());
                long ms = (safe.nanos() - cancelled) / 1_000_000;
                // a timeout of a minute; the lost stream brought the safe action after one period
                assertTrue(ms < 5_000, "safe action " + ms + " ms after the stream was cancelled");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void noWatchdog_silenceDoesNothing(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("period_ms=20")) {
            env.reset(0);
            env.step(GO);
            Thread.sleep(200);
            env.step(GO);
            assertTrue(server.events(Kind.FAULT).isEmpty());
            assertTrue(server.events(Kind.SAFE_ACTION).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void badWatchdogs_areInvalidArgument_namingTheField(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind)) {
            for (var c :
                    List.of(
                            List.of("watchdog_ms=0", "command_timeout_ms"),
                            List.of("watchdog_ms=3600001", "command_timeout_ms"),
                            List.of("watchdog_ms=10&watchdog_hold=-1", "hold_periods"),
                            List.of("watchdog_ms=10&watchdog_hold=1001", "hold_periods"))) {
                EnvException e = assertThrows(EnvException.class, () -> server.open(c.get(0)));
                assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), c.get(0));
                assertTrue(e.getMessage().contains(c.get(1)), e.getMessage());
            }
            ManagedChannel channel =
                    NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                            .usePlaintext()
                            .build();
            try {
                var e =
                        assertThrows(
                                StatusRuntimeException.class,
                                () ->
                                        EnvServiceGrpc.newBlockingStub(channel)
                                                .withDeadlineAfter(10, TimeUnit.SECONDS)
                                                .make(
                                                        MakeRequest.newBuilder()
                                                                .setEnvId(TestRobot.ID)
                                                                .setWatchdog(
                                                                        Watchdog.newBuilder()
                                                                                .setCommandTimeoutMs(
                                                                                        10)
                                                                                .setActionValue(7))
                                                                .build()));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("watchdog.action"));
            } finally {
                channel.shutdownNow();
            }
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> server.open("watchdog_ms=10&watchdog_action=brake"));
            assertTrue(e.getMessage().contains("watchdog_action"), e.getMessage());
        }
    }

    static Event awaitEvent(TestRobot.Server server, Kind kind, long timeoutMs)
            throws InterruptedException {
        return awaitEventCount(server, kind, 1, timeoutMs).get(0);
    }

    static List<Event> awaitEventCount(TestRobot.Server server, Kind kind, int n, long timeoutMs)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < end) {
            List<Event> events = server.events(kind);
            if (events.size() >= n) {
                return events;
            }
            Thread.sleep(2);
        }
        throw new AssertionError(
                "no "
                        + n
                        + " "
                        + kind
                        + " events within "
                        + timeoutMs
                        + " ms: "
                        + server.events(Kind.FAULT));
    }

    private static <T> StreamObserver<T> collect(LinkedBlockingQueue<T> into) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }
}
