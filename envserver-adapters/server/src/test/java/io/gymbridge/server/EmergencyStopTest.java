package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EmergencyStoppable;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import io.gymbridge.proto.v1.EmergencyStopRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * EmergencyStop (issue 15): latches the session's fault (steps refused until a Reset), calls the
 * envs' emergency-stop hooks at once, even while a slow step is in progress, and never waits for
 * that step.
 */
class EmergencyStopTest {
    static final String ROBOT = "SlowRobot-v0";

    /** A robot whose step takes step_ms and whose brakes record when they were applied. */
    static final class SlowRobot extends AbstractEnv<Tensor, Integer>
            implements EmergencyStoppable {
        static final List<long[]> BRAKES = new CopyOnWriteArrayList<>();
        static final List<String> REASONS = new CopyOnWriteArrayList<>();
        private final long stepMillis;

        SlowRobot(EnvSpec spec, Map<String, Object> kwargs) {
            super(Box.of(-1, 1, DType.FLOAT32, 1), new Discrete(2), spec, null);
            this.stepMillis = ((Number) kwargs.getOrDefault("step_ms", 0L)).longValue();
        }

        @Override
        public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
            return new Reset<>(Tensor.of(0f), Map.of());
        }

        @Override
        public Step<Tensor> step(Integer action) {
            try {
                Thread.sleep(stepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Step<>(Tensor.of(0f), 0, false, false, Map.of());
        }

        @Override
        public void emergencyStop(String reason) {
            BRAKES.add(new long[] {System.nanoTime()});
            REASONS.add(reason);
        }
    }

    /**
     * A server with calls on a thread pool ({@code serve --executor pool}), as envs with slow steps
     * need: with the direct executor a step holds its event loop, which other connections share.
     */
    private static GymServer start() {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(EnvSpec.of(ROBOT), (spec, kwargs, mode) -> new SlowRobot(spec, kwargs));
        return GymServer.start(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                registry,
                ServerOptions.defaults().withDirectExecutor(false));
    }

    private static RemoteVectorEnv robot(GymServer server, long stepMillis) {
        return RemoteVectorEnv.open(
                EnvAddress.parse(
                        "grpc://127.0.0.1:"
                                + server.port()
                                + "/"
                                + ROBOT
                                + "?step_ms="
                                + stepMillis),
                Transport.STREAM,
                Duration.ofSeconds(10));
    }

    @Test
    void stop_latchesTheFault_callsTheBrakes_resetClearsIt() throws Exception {
        SlowRobot.REASONS.clear();
        try (GymServer server = start();
                RemoteVectorEnv env = robot(server, 0);
                RemoteVectorEnv other = robot(server, 0)) {
            ManagedChannel operator = channel(server);
            try {
                var stub = EnvServiceGrpc.newBlockingStub(operator);
                env.reset(0);
                other.reset(0);
                env.step(Tensor.ofLongs(1));
                assertEquals(
                        1,
                        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .emergencyStop(
                                        EmergencyStopRequest.newBuilder()
                                                .setSessionId(env.sessionId())
                                                .setReason("hand in the cell")
                                                .build())
                                .getSessions());
                assertEquals(List.of("hand in the cell"), SlowRobot.REASONS);
                EnvException refused =
                        assertThrows(EnvException.class, () -> env.step(Tensor.ofLongs(1)));
                assertEquals(EnvException.Code.FAILED_PRECONDITION, refused.code());
                assertTrue(
                        refused.getMessage().contains("emergency stop: hand in the cell"),
                        refused.getMessage());
                other.step(Tensor.ofLongs(1)); // another session goes on
                env.reset(0); // clears the fault
                env.step(Tensor.ofLongs(0));

                // every session of the caller at once; idempotent
                for (int i = 0; i < 2; i++) {
                    assertEquals(
                            2,
                            stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                    .emergencyStop(EmergencyStopRequest.getDefaultInstance())
                                    .getSessions());
                }
                assertThrows(EnvException.class, () -> other.step(Tensor.ofLongs(1)));
                StatusRuntimeException unknown =
                        assertThrows(
                                StatusRuntimeException.class,
                                () ->
                                        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                                .emergencyStop(
                                                        EmergencyStopRequest.newBuilder()
                                                                .setSessionId("nope")
                                                                .build()));
                assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
            } finally {
                operator.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void stop_duringASlowStep_appliedAtOnce_withoutWaitingForIt() throws Exception {
        // the stops' warnings go to the test's captured stderr, a slow stream: not measured here
        Logger quiet = Logger.getLogger("io.gymbridge.server");
        Level level = quiet.getLevel();
        quiet.setLevel(Level.SEVERE);
        try (GymServer server = start();
                RemoteVectorEnv env = robot(server, 100)) {
            ManagedChannel operator = channel(server);
            try {
                var stub = EnvServiceGrpc.newBlockingStub(operator);
                env.reset(0);
                // the operator's connection and the stop's code path, warm before measuring
                for (int i = 0; i < Integer.getInteger("gymbridge.estop.warmup", 20); i++) {
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .emergencyStop(
                                    EmergencyStopRequest.newBuilder()
                                            .setSessionId(env.sessionId())
                                            .build());
                }
                // more for a p99: -Dgymbridge.estop.samples=300 (docs/benchmarks.md)
                long[] latency = new long[Integer.getInteger("gymbridge.estop.samples", 30)];
                long[] applied = new long[latency.length];
                for (int i = 0; i < latency.length; i++) {
                    env.reset(0);
                    SlowRobot.BRAKES.clear();
                    long stepSent = System.nanoTime();
                    env.stepAsync(Tensor.ofLongs(1));
                    Thread.sleep(20); // the 100 ms step is now in progress on the server
                    long t0 = System.nanoTime();
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .emergencyStop(
                                    EmergencyStopRequest.newBuilder()
                                            .setSessionId(env.sessionId())
                                            .build());
                    latency[i] = System.nanoTime() - t0;
                    long braked = SlowRobot.BRAKES.get(0)[0];
                    applied[i] = braked - t0;
                    env.stepWait(); // the step in progress finishes
                    long stepDone = System.nanoTime();
                    assertTrue(
                            braked < stepDone && braked - stepSent < 90_000_000L,
                            "the brakes come during the step, not after it: "
                                    + (braked - stepSent) / 1e6
                                    + " ms after the step was sent, the step done "
                                    + (stepDone - stepSent) / 1e6
                                    + " ms after, the stop took "
                                    + latency[i] / 1e6
                                    + " ms");
                }
                Arrays.sort(latency);
                Arrays.sort(applied);
                int p99 = (int) Math.ceil(0.99 * latency.length) - 1;
                System.out.printf(
                        "EmergencyStopTest: with a 100 ms step in progress, brakes applied after"
                                + " p50 %.2f ms, p99 %.2f ms, max %.2f ms; stop answered after p50"
                                + " %.2f ms, p99 %.2f ms, max %.2f ms (%d stops, sent from this"
                                + " JVM's client)%n",
                        applied[applied.length / 2] / 1e6,
                        applied[p99] / 1e6,
                        applied[applied.length - 1] / 1e6,
                        latency[latency.length / 2] / 1e6,
                        latency[p99] / 1e6,
                        latency[latency.length - 1] / 1e6,
                        latency.length);
                assertTrue(
                        latency[latency.length - 1] < 50_000_000L,
                        "an emergency stop took " + latency[latency.length - 1] / 1e6 + " ms");
            } finally {
                operator.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                quiet.setLevel(level);
            }
        }
    }

    /** A connection of its own, as an operator's stop button would have. */
    private static ManagedChannel channel(GymServer server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }
}
