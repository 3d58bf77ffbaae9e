package io.gymbridge.grpc;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvConnector;
import io.gymbridge.env.vector.VectorEnv;

/**
 * Opens {@code grpcs://host:port/EnvId?...} URLs for {@link io.gymbridge.env.Envs}: the server over
 * TLS, with the CA, client certificate and token from the files the URL or the environment names
 * (see {@link ChannelSecurity}).
 */
public final class GrpcsConnector implements EnvConnector {
    /** Used by ServiceLoader. */
    public GrpcsConnector() {}

    @Override
    public String scheme() {
        return "grpcs";
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
