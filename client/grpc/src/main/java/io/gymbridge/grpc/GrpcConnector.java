package io.gymbridge.grpc;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvConnector;
import io.gymbridge.env.vector.VectorEnv;

/**
 * Opens {@code grpc://host:port/EnvId?...} URLs for {@link io.gymbridge.env.Envs}, in plaintext
 * (see {@link GrpcsConnector} for TLS).
 */
public final class GrpcConnector implements EnvConnector {
    /** Used by ServiceLoader. */
    public GrpcConnector() {}

    @Override
    public String scheme() {
        return "grpc";
    }

    @Override
    public Env<?, ?> open(EnvAddress address) {
        return RemoteEnv.open(address);
    }

    @Override
    public VectorEnv<?, ?> openVector(EnvAddress address) {
        return RemoteEnv.openVector(address);
    }
}
