package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.gymbridge.conformance.ServerHandle;
import java.time.Duration;
import java.util.List;

/**
 * The error contract against the Python adapter, as a subprocess serving the Gymnasium-API test
 * envs of {@code envserver-adapters/python/tests/gym_api_envs.py}.
 */
class PythonErrorContractTest extends ErrorContractTests {
    @Override
    ServerHandle start(int maxSessions, int maxNumEnvs, Duration lease) throws Exception {
        PythonServer server =
                PythonServer.start(
                        List.of(),
                        "--import",
                        "gym_api_envs",
                        "--max-sessions",
                        Integer.toString(maxSessions),
                        "--max-num-envs",
                        Integer.toString(maxNumEnvs),
                        "--lease-seconds",
                        Double.toString(lease.toMillis() / 1000.0));
        assertTrue(server.port > 0, "the Python server reports the port it bound");
        ManagedChannel channel =
                Grpc.newChannelBuilder(server.authority(), InsecureChannelCredentials.create())
                        .build();
        return new ServerHandle() {
            @Override
            public ManagedChannel channel() {
                return channel;
            }

            // No hooks: the lease case waits for the server's own sweep, which runs several
            // times per lease, and the session count is not checked.

            @Override
            public void close() throws java.io.IOException {
                channel.shutdownNow();
                server.close();
            }
        };
    }

    @Override
    Duration shortLease() {
        return Duration.ofSeconds(1);
    }
}
