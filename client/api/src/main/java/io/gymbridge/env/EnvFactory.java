package io.gymbridge.env;

import java.util.Map;

/** Creates an env from its kwargs, as the entry point of a Gymnasium registration does. */
@FunctionalInterface
public interface EnvFactory {
    /**
     * Creates the env.
     *
     * @param spec the spec it is registered under
     * @param kwargs the env's own kwargs (read them with {@link Kwargs}, which rejects unknown
     *     ones)
     * @param renderMode null or "rgb_array"
     * @return a new env, without TimeLimit (the registry adds it)
     */
    Env<?, ?> create(EnvSpec spec, Map<String, Object> kwargs, String renderMode);
}
