package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.close;
import static io.gymbridge.conformance.Expect.equal;

import io.gymbridge.env.Env;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Observations and flags of an episode prefix with fixed actions, and its rewards.
 *
 * @param observationsAndFlags the reset observation, then {@code [observation, terminated,
 *     truncated]} of each step
 * @param rewards the reward of each step
 */
record Trajectory(List<Object> observationsAndFlags, List<Double> rewards) {

    /** Resets {@code env} with {@code seed}, steps it with the actions until done, closes it. */
    static Trajectory record(Env<Object, Object> env, long seed, List<Object> actions) {
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

    /**
     * Equal flags, observations within {@code tolerance} (exactly equal if 0), rewards within 1e-12
     * relative: NumPy computes some rewards with the C library's pow, which may differ from Java's
     * x * x in the last bit (Pendulum-v1).
     */
    void assertMatches(Trajectory expected, double tolerance) {
        equal(expected.observationsAndFlags.size(), observationsAndFlags.size(), "steps");
        for (int i = 0; i < observationsAndFlags.size(); i++) {
            assertClose(
                    expected.observationsAndFlags.get(i),
                    observationsAndFlags.get(i),
                    tolerance,
                    "step " + i);
        }
        equal(expected.rewards.size(), rewards.size(), "rewards");
        for (int i = 0; i < rewards.size(); i++) {
            double e = expected.rewards.get(i);
            close(e, rewards.get(i), 1e-12 * Math.max(1, Math.abs(e)), "reward of step " + i);
        }
    }

    private static void assertClose(
            Object expected, Object actual, double tolerance, String where) {
        if (tolerance > 0 && expected instanceof Tensor e && actual instanceof Tensor a) {
            equal(e.dtype(), a.dtype(), where + " dtype");
            double[] ev = e.toDoubleArray();
            double[] av = a.toDoubleArray();
            equal(ev.length, av.length, where + " size");
            for (int j = 0; j < ev.length; j++) {
                double tol = tolerance * Math.max(1, Math.abs(ev[j]));
                close(ev[j], av[j], tol, where + " observation[" + j + "]");
            }
        } else if (tolerance > 0 && expected instanceof List<?> e && actual instanceof List<?> a) {
            equal(e.size(), a.size(), where);
            for (int j = 0; j < e.size(); j++) {
                assertClose(e.get(j), a.get(j), tolerance, where);
            }
        } else {
            equal(expected, actual, where);
        }
    }
}
