package io.gymbridge.env.vector;

import java.util.List;
import java.util.Map;

/**
 * What {@link VectorEnv#step} returns: one entry per env. The arrays belong to the caller.
 *
 * @param observations the batched observations
 * @param rewards the reward of each env
 * @param terminated whether each env reached a terminal state
 * @param truncated whether each env's episode was cut short
 * @param infos one info per env, never null
 * @param <O> the batched observation type
 */
public record VectorStep<O>(
        O observations,
        double[] rewards,
        boolean[] terminated,
        boolean[] truncated,
        List<Map<String, Object>> infos) {

    /** Number of envs. */
    public int numEnvs() {
        return rewards.length;
    }
}
