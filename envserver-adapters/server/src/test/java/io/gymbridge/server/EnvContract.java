package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Env contract, written once and run against every way of reaching an env: implement {@link
 * #open} for a transport and every test here runs on each env of {@link #envIds()}. Trajectories
 * are compared with the bundled Java env of the same id, so a server passes only if it steps
 * exactly as Gymnasium does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
interface EnvContract {

    /** Opens {@code envId} with kwargs (which may include {@code max_episode_steps}). */
    Env<Object, Object> open(String envId, Map<String, Object> kwargs);

    /** The env ids to run the contract on; by default the five bundled ones. */
    default Stream<String> envIds() {
        return Stream.of(
                "CartPole-v1",
                "Pendulum-v1",
                "MountainCar-v0",
                "MountainCarContinuous-v0",
                "Acrobot-v1");
    }

    /**
     * How far this implementation's observations may be from the bundled Java env's, relative (with
     * the same figure as an absolute floor). 0 by default: a Java server steps the Java env itself.
     * A server that computes its dynamics through NumPy or the C library (the Python adapter) gets
     * a last-bit difference in sin or cos now and then, which NumPy's CPU-chosen SIMD kernels make
     * machine-dependent; over the compared steps that stays far below a float32 ulp, but it can
     * still round an observation to the neighbouring float32.
     */
    default double observationTolerance() {
        return 0;
    }

    private Env<Object, Object> open(String envId) {
        return open(envId, Map.of());
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void reset_withSeed_observationInSpaceAndInfoNotNull(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            Reset<Object> r = env.reset(7);
            assertTrue(
                    env.observationSpace().contains(r.observation()),
                    () -> env.observationSpace().mismatch(r.observation()).orElse(""));
            assertNotNull(r.info());
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void reset_sameSeed_sameTrajectoryAsLocalEnv(String envId) {
        List<Object> actions = randomActions(envId, 60);
        Trajectory here = trajectory(open(envId), 42, actions);
        Trajectory local =
                trajectory(EnvRegistry.withProviders().make(envId, Map.of()), 42, actions);
        here.assertMatches(local, observationTolerance());
        trajectory(open(envId), 42, actions).assertMatches(here, 0); // same server, same arithmetic
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void reset_differentSeeds_differentObservations(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            Object a = env.reset(1).observation();
            Object b = env.reset(2).observation();
            assertFalse(a.equals(b), "seeds 1 and 2 gave the same observation " + a);
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_beforeReset_failsWithFailedPrecondition(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            Object action = env.actionSpace().sample(new SplittableRandom(0));
            EnvException e = assertThrows(EnvException.class, () -> env.step(action));
            assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code(), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_randomEpisode_observationsInSpaceUntilDoneWithinLimit(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            int limit = env.spec().maxEpisodeSteps().orElseThrow();
            SplittableRandom rng = new SplittableRandom(3);
            env.reset(3);
            Step<Object> s;
            int steps = 0;
            do {
                s = env.step(env.actionSpace().sample(rng));
                steps++;
                Object obs = s.observation();
                assertTrue(
                        env.observationSpace().contains(obs),
                        () -> env.observationSpace().mismatch(obs).orElse(""));
                assertTrue(Double.isFinite(s.reward()));
                assertNotNull(s.info());
            } while (!s.done());
            assertTrue(steps <= limit, steps + " steps > limit " + limit);
            assertEquals(
                    steps == limit && !s.terminated(),
                    s.truncated(),
                    "truncated exactly at the limit");
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_maxEpisodeStepsKwarg_truncatesThere(String envId) {
        try (Env<Object, Object> env = open(envId, Map.of("max_episode_steps", 5))) {
            assertEquals(5, env.spec().maxEpisodeSteps().orElseThrow());
            SplittableRandom rng = new SplittableRandom(5);
            env.reset(5);
            Step<Object> s;
            int steps = 0;
            do {
                s = env.step(env.actionSpace().sample(rng));
                steps++;
            } while (!s.done());
            assertTrue(
                    s.terminated() || (steps == 5 && s.truncated()), "ended at " + steps + " " + s);
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_afterEpisodeEnd_failsWithFailedPreconditionUntilReset(String envId) {
        try (Env<Object, Object> env = open(envId, Map.of("max_episode_steps", 3))) {
            SplittableRandom rng = new SplittableRandom(1);
            env.reset(1);
            Step<Object> s;
            do {
                s = env.step(env.actionSpace().sample(rng));
            } while (!s.done());
            Object action = env.actionSpace().sample(rng);
            EnvException e = assertThrows(EnvException.class, () -> env.step(action));
            assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code(), e.getMessage());
            env.reset();
            env.step(action);
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_invalidActions_failWithInvalidArgumentAndEnvKeepsWorking(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            env.reset(0);
            List<Object> bad = new ArrayList<>();
            bad.add("left");
            Space<?> space = env.actionSpace();
            if (space instanceof Discrete d) {
                bad.add(d.start() + d.n());
                bad.add(-1);
                bad.add(Tensor.of(1.0f));
            } else if (space instanceof Box b) {
                float[] nan = new float[b.size()];
                nan[0] = Float.NaN;
                bad.add(Tensor.of(DType.FLOAT32, b.shape(), nan));
                float[] inf = new float[b.size()];
                inf[0] = Float.POSITIVE_INFINITY;
                bad.add(Tensor.of(DType.FLOAT32, b.shape(), inf));
                bad.add(Tensor.of(new double[b.size()]));
                bad.add(Tensor.of(new float[b.size() + 1]));
            }
            for (Object action : bad) {
                EnvException e =
                        assertThrows(
                                EnvException.class, () -> env.step(action), "action " + action);
                assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
            }
            Step<Object> s = env.step(env.actionSpace().sample(new SplittableRandom(0)));
            assertTrue(env.observationSpace().contains(s.observation()));
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void step_boxActionOutsideBounds_isClippedByTheEnv(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            Space<?> space = env.actionSpace();
            if (!(space instanceof Box b)) {
                return;
            }
            float[] big = new float[b.size()];
            float[] atHigh = new float[b.size()];
            for (int i = 0; i < big.length; i++) {
                big[i] = (float) (b.high(i) * 10);
                atHigh[i] = (float) b.high(i);
            }
            env.reset(9);
            Step<Object> outside = env.step(Tensor.of(DType.FLOAT32, b.shape(), big));
            env.reset(9);
            Step<Object> clipped = env.step(Tensor.of(DType.FLOAT32, b.shape(), atHigh));
            // Only the dynamics see the clipped action: MountainCarContinuous-v0 charges its
            // reward on the action as given, exactly as Gymnasium does.
            assertEquals(clipped.observation(), outside.observation());
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void reset_negativeSeed_failsWithInvalidArgument(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            EnvException e = assertThrows(EnvException.class, () -> env.reset(-1));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
            env.reset(1);
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void spec_matchesRegistration(String envId) {
        try (Env<Object, Object> env = open(envId)) {
            var local = EnvRegistry.withProviders().spec(envId);
            assertEquals(envId, env.spec().id());
            assertEquals(local.maxEpisodeSteps(), env.spec().maxEpisodeSteps());
            assertEquals(local.rewardThreshold(), env.spec().rewardThreshold());
            try (Env<Object, Object> made = EnvRegistry.withProviders().make(envId, Map.of())) {
                assertEquals(made.observationSpace(), env.observationSpace());
                assertEquals(made.actionSpace(), env.actionSpace());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("envIds")
    default void close_twice_isFine(String envId) {
        Env<Object, Object> env = open(envId);
        env.reset(0);
        env.close();
        env.close();
    }

    /** Observations and flags of an episode prefix with fixed actions, and its rewards. */
    record Trajectory(List<Object> observationsAndFlags, List<Double> rewards) {
        /**
         * Equal flags, observations within {@code tolerance} (exactly equal if 0), rewards within
         * 1e-12 relative: NumPy computes some rewards with the C library's pow, which may differ
         * from Java's x * x in the last bit (Pendulum-v1).
         */
        void assertMatches(Trajectory expected, double tolerance) {
            assertEquals(expected.observationsAndFlags.size(), observationsAndFlags.size());
            for (int i = 0; i < observationsAndFlags.size(); i++) {
                assertClose(
                        expected.observationsAndFlags.get(i),
                        observationsAndFlags.get(i),
                        tolerance,
                        "step " + i);
            }
            assertEquals(expected.rewards.size(), rewards.size());
            for (int i = 0; i < rewards.size(); i++) {
                double e = expected.rewards.get(i);
                assertEquals(
                        e, rewards.get(i), 1e-12 * Math.max(1, Math.abs(e)), "reward of step " + i);
            }
        }
    }

    private static void assertClose(
            Object expected, Object actual, double tolerance, String where) {
        if (tolerance > 0 && expected instanceof Tensor e && actual instanceof Tensor a) {
            assertEquals(e.dtype(), a.dtype(), where + " dtype");
            double[] ev = e.toDoubleArray();
            double[] av = a.toDoubleArray();
            assertEquals(ev.length, av.length, where + " size");
            for (int j = 0; j < ev.length; j++) {
                double tol = tolerance * Math.max(1, Math.abs(ev[j]));
                assertEquals(ev[j], av[j], tol, where + " observation[" + j + "]");
            }
        } else if (tolerance > 0 && expected instanceof List<?> e && actual instanceof List<?> a) {
            assertEquals(e.size(), a.size(), where);
            for (int j = 0; j < e.size(); j++) {
                assertClose(e.get(j), a.get(j), tolerance, where);
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static Trajectory trajectory(Env<Object, Object> env, long seed, List<Object> actions) {
        try (env) {
            List<Object> out = new ArrayList<>();
            List<Double> rewards = new ArrayList<>();
            out.add(env.reset(seed).observation());
            for (Object a : actions) {
                Step<Object> s = env.step(a);
                out.add(List.of(s.observation(), s.terminated(), s.truncated()));
                rewards.add(s.reward());
                if (s.done()) {
                    break;
                }
            }
            return new Trajectory(out, rewards);
        }
    }

    private static List<Object> randomActions(String envId, int n) {
        try (Env<Object, Object> env = EnvRegistry.withProviders().make(envId, Map.of())) {
            SplittableRandom rng = new SplittableRandom(11);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(env.actionSpace().sample(rng));
            }
            return out;
        }
    }
}
