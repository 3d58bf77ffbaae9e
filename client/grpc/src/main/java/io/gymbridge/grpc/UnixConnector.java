package io.gymbridge.grpc;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvConnector;
import io.gymbridge.env.vector.VectorEnv;

/**
 * Opens {@code unix:/path/to.sock?env=EnvId&...} URLs for {@link io.gymbridge.env.Envs}: a
 * gymbridge server on a Unix domain socket of this host (Linux), over the same gRPC protocol as
 * {@code grpc://} (see {@link EnvAddress} for the grammar).
 */
public final class UnixConnector implements EnvConnector {
    /** Used by ServiceLoader. */
    public UnixConnector() {}

    @Override
    public String scheme() {
        return EnvAddress.UNIX_SCHEME;
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
