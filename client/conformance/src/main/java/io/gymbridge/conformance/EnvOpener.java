package io.gymbridge.conformance;

import io.gymbridge.env.Env;
import java.util.Map;

/** How the {@link EnvContract} reaches the envs under test: in this process, or on a server. */
@FunctionalInterface
public interface EnvOpener {
    /**
     * Opens one env; the contract closes it.
     *
     * @param envId the env id
     * @param kwargs its kwargs, which may include {@code max_episode_steps} (a TimeLimit overriding
     *     the registered one)
     */
    Env<Object, Object> open(String envId, Map<String, Object> kwargs);
}
