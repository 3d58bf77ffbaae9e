package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.wrappers.SimulatedRobot.Event;
import io.gymbridge.env.wrappers.SimulatedRobot.Kind;
import io.gymbridge.grpc.ControlStream;
import io.gymbridge.grpc.ControlStream.Tick;
import io.gymbridge.grpc.RemoteEnv;
import io.gymbridge.grpc.RemoteVectorEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Env-paced control (issue 15, item 4): the server ticks at the period, applies the latest actions
 * (held until new ones come), streams every tick, counts missed deadlines, and with a watchdog
 * brings the robot to its safe action when the client goes silent or its stream is lost.
 */
class ControlTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void ticksAtThePeriod_applyingTheLatestActions_heldUntilNewOnes(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("period_ms=20")) {
            env.reset(0);
            try (ControlStream control = env.control(null, LONG)) { // the robot's own 20 ms
                control.send(TestRobot.act(1f), 1);
                List<Tick> ticks = new ArrayList<>();
                while (ticks.size() < 25) {
                    Tick t = control.next(WAIT);
                    if (t.seq() == 1) {
                        ticks.add(t);
                    }
                }
                control.send(TestRobot.act(-1f), 2);
                Tick t;
                do {
                    t = control.next(WAIT);
                } while (t.seq() != 2);
                assertFalse(t.held(), "the first tick of new actions");
                float[] obs = ((Tensor) t.step().observations()).toFloatArray();
                assertEquals(-1f, obs[1]); // the action applied at that tick

                for (int i = 1; i < ticks.size(); i++) {
                    assertEquals(ticks.get(i - 1).tick() + 1, ticks.get(i).tick());
                    assertTrue(ticks.get(i).held());
                }
                // the position grew by 1 a tick: the held action was applied at every tick
                float first = ((Tensor) ticks.get(0).step().observations()).toFloatArray()[0];
                float last = ((Tensor) ticks.get(24).step().observations()).toFloatArray()[0];
                assertEquals(24f, last - first);
                long[] gaps = new long[ticks.size() - 1];
                for (int i = 1; i < ticks.size(); i++) {
                    gaps[i - 1] =
                            ticks.get(i).observedUnixNanos() - ticks.get(i - 1).observedUnixNanos();
                }
                Arrays.sort(gaps);
                double medianMs = gaps[gaps.length / 2] / 1e6;
                assertTrue(medianMs > 17 && medianMs < 23, "median tick interval " + medianMs);

                // agent-paced steps are refused while the session is controlled
                EnvException e =
                        assertThrows(EnvException.class, () -> env.step(TestRobot.act(0f)));
                assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
                assertTrue(e.getMessage().contains("env-paced"), e.getMessage());
            }
            // the stream closed: agent-paced again, and the robot was told to hold safe
            awaitSteppable(env);
            assertFalse(server.events(Kind.SAFE_ACTION).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aStepLongerThanThePeriod_isCountedAsMissed(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("step_ms=25")) {
            env.reset(0);
            try (ControlStream control = env.control(Duration.ofMillis(10), LONG)) {
                control.send(TestRobot.act(0.1f), 1);
                Tick t = null;
                for (int i = 0; i < 10; i++) {
                    t = control.next(WAIT);
                }
                assertTrue(t.missedDeadlines() >= 9, "missed " + t.missedDeadlines());
                assertTrue(t.lateNanos() > 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void silence_holdsThenAppliesTheSafeAction_andClearFaultResumes(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("period_ms=20&watchdog_ms=100&watchdog_hold=2")) {
            env.reset(0);
            try (ControlStream control = env.control(null, LONG)) {
                control.send(TestRobot.act(1f), 7);
                Tick t;
                do {
                    t = control.next(WAIT);
                } while (t.fault().isEmpty());
                // the hold: the last actions for 2 periods, marked with the fault
                List<Tick> afterFault = new ArrayList<>(List.of(t));
                while (afterFault.size() < 6) {
                    afterFault.add(control.next(WAIT));
                }
                assertTrue(afterFault.get(0).fault().startsWith("watchdog: no command"));
                assertEquals(7, afterFault.get(0).seq());
                Tick safe = afterFault.stream().filter(x -> x.seq() == 0).findFirst().orElseThrow();
                assertEquals(0f, ((Tensor) safe.step().observations()).toFloatArray()[1]);
                Event fault = WatchdogTest.awaitEvent(server, Kind.FAULT, 5_000);
                Event applied = WatchdogTest.awaitEvent(server, Kind.SAFE_ACTION, 5_000);
                long holdMs = (applied.nanos() - fault.nanos()) / 1_000_000;
                assertTrue(holdMs >= 35 && holdMs < 200, "safe action after " + holdMs + " ms");

                env.clearFault();
                control.send(TestRobot.act(-1f), 8);
                do {
                    t = control.next(WAIT);
                } while (t.seq() != 8);
                assertEquals("", t.fault());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aLostStream_bringsTheSafeActionWithinTwoPeriods(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env =
                        server.open("period_ms=50&watchdog_ms=60000&watchdog_hold=1")) {
            env.reset(0);
            ControlStream control = env.control(null, LONG);
            control.send(TestRobot.act(1f), 1);
            for (int i = 0; i < 5; i++) {
                control.next(WAIT);
            }
            long cancelled = System.nanoTime();
            control.cancel();
            Event applied = WatchdogTest.awaitEvent(server, Kind.SAFE_ACTION, 5_000);
            long ms = (applied.nanos() - cancelled) / 1_000_000;
            // hold 1 period, then the next tick: under 2 periods (100 ms) but for scheduling delays
            assertTrue(ms >= 45 && ms < 150, "safe action " + ms + " ms after the stream was lost");
            EnvException stopped =
                    assertThrows(EnvException.class, () -> env.step(TestRobot.act(0f)));
            assertTrue(stopped.getMessage().contains("stream was cancelled"), stopped.getMessage());
            env.clearFault();
            awaitSteppable(env); // the ticking ended with the stream
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void badStarts_failTheStream_andBadActionsAnError(String kind) throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start(kind);
                RemoteVectorEnv env = server.open("period_ms=20");
                RemoteVectorEnv cartPole =
                        RemoteVectorEnv.open(
                                EnvAddress.parse(
                                        "grpc://127.0.0.1:" + server.port() + "/CartPole-v1"))) {
            assertStreamFails(env.control(null, LONG), "reset this session");
            env.reset(0);
            assertStreamFails(env.control(Duration.ofNanos(500_000), LONG), "period_us");
            assertStreamFails(env.control(Duration.ofSeconds(11), LONG), "period_us");
            cartPole.reset(0);
            // CartPole has render_fps 50: its own period is 20 ms
            try (ControlStream c = cartPole.control(null, LONG)) {
                c.send(Tensor.ofLongs(1), 1);
                c.next(WAIT);
            }
            try (ControlStream control = env.control(null, LONG)) {
                control.send(TestRobot.act(0f), 1);
                control.next(WAIT);
                assertStreamFails(env.control(null, LONG), "another Control stream");
                // a bad action gets an error; the stream and the ticking go on
                EnvException e =
                        assertThrows(
                                EnvException.class,
                                () -> control.send(Tensor.of(0f, 1f), 2)); // checked here
                assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
                control.next(WAIT);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void envPacedByUrl_singleEnvAndOneEnvVector_moreEnvsRefused() throws Exception {
        try (TestRobot.Server server = TestRobot.Server.start("java")) {
            String url = "grpc://127.0.0.1:" + server.port() + "/" + TestRobot.ID + "?pacing=env";
            try (var env = (RemoteEnv) Envs.make(url)) {
                assertTrue(env.envPaced());
                env.reset(0L);
                Tensor one = Tensor.of(1f);
                var s = env.step(one);
                assertEquals(1f, ((Tensor) s.observation()).toFloatArray()[1]);
                assertTrue(((Number) s.info().get("ticks")).longValue() >= 1);
            }
            try (var vector = Envs.makeVector(url, 1)) {
                vector.reset(0L);
                Object batch = TestRobot.act(1f);
                var s = vector.step(batch);
                assertEquals(1f, ((Tensor) s.observations()).toFloatArray()[1]);
            }
            EnvException e = assertThrows(EnvException.class, () -> Envs.makeVector(url, 2));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("pacing=env"), e.getMessage());
            EnvException noPacing =
                    assertThrows(
                            EnvException.class,
                            () -> Envs.make(url.replace("pacing=env", "control_period_ms=10")));
            assertTrue(noPacing.getMessage().contains("needs pacing=env"), noPacing.getMessage());
        }
    }

    private static void assertStreamFails(ControlStream stream, String message) {
        try (stream) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> {
                                while (true) {
                                    stream.next(WAIT);
                                }
                            });
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    /** Waits until the session takes agent-paced steps again (its Control stream ended). */
    private static void awaitSteppable(RemoteVectorEnv env) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                env.step(TestRobot.act(0f));
                return;
            } catch (EnvException e) {
                if (System.nanoTime() > end || !e.getMessage().contains("env-paced")) {
                    throw e;
                }
            }
        }
    }
}
