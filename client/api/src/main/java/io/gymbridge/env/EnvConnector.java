package io.gymbridge.env;

/**
 * Opens envs addressed by URL for one scheme, e.g. {@code grpc}. Implementations are found with
 * {@link java.util.ServiceLoader}, which keeps this API free of any transport.
 */
public interface EnvConnector {
    /** The URL scheme handled, e.g. {@code "grpc"}. */
    String scheme();

    /** Opens a single env (num_envs must be 1). */
    Env<?, ?> open(EnvAddress address);

    /** Opens a vector of {@code address.numEnvs()} envs stepped together. */
    io.gymbridge.env.vector.VectorEnv<?, ?> openVector(EnvAddress address);
}
