package io.gymbridge.env.vector;

import java.util.List;
import java.util.Map;

/**
 * What {@link VectorEnv#reset} returns.
 *
 * @param observations the batched observations (envs outside the reset mask keep their last one)
 * @param infos one info per env, never null
 * @param <O> the batched observation type
 */
public record VectorReset<O>(O observations, List<Map<String, Object>> infos) {}
