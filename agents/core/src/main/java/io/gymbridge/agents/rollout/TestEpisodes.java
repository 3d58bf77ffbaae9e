package io.gymbridge.agents.rollout;

import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.env.Env;
import io.gymbridge.env.Step;

/**
 * Spinning Up's off-policy {@code test_agent}: episodes of the deterministic policy on a second
 * env, storing TestEpRet and TestEpLen. The test env is opened from the same id or URL as the
 * training env and seeded once, so exploration and testing never share an episode.
 */
public final class TestEpisodes {
    private TestEpisodes() {}

    /** A deterministic policy in normalised units [-1, 1]. */
    public interface Actor {
        /** Writes the action for observation {@code o} into {@code a}. */
        void act(float[] o, float[] a);
    }

    /**
     * Runs {@code n} episodes of {@code actor}, each until it terminates, is truncated, or reaches
     * {@code maxEpLen} steps.
     */
    public static void run(
            Env<Object, Object> testEnv,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            Actor actor,
            int n,
            int maxEpLen,
            EpochLogger logger) {
        float[] o = new float[obsCodec.size()];
        float[] a = new float[scale.size()];
        for (int j = 0; j < n; j++) {
            obsCodec.encode(testEnv.reset().observation(), o, 0);
            double ret = 0;
            int len = 0;
            boolean done = false;
            while (!done && len < maxEpLen) {
                actor.act(o, a);
                Step<Object> s = testEnv.step(scale.envAction(a));
                obsCodec.encode(s.observation(), o, 0);
                ret += s.reward();
                len++;
                done = s.terminated() || s.truncated();
            }
            logger.store("TestEpRet", ret);
            logger.store("TestEpLen", len);
        }
    }
}
