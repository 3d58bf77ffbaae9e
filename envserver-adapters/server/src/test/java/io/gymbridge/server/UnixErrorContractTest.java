package io.gymbridge.server;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.gymbridge.conformance.ServerHandle;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** The error contract against the Java server on a Unix domain socket (Linux). */
class UnixErrorContractTest extends ErrorContractTests {
    @Override
    ServerHandle start(int maxSessions, int maxNumEnvs, Duration lease) throws IOException {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(ExplodingEnv.ID),
                (spec, kwargs, renderMode) -> new ExplodingEnv(spec, kwargs));
        Path dir = Files.createTempDirectory("gymbridge-unix");
        Path socket = dir.resolve("gym.sock");
        GymServer server =
                GymServer.startUnix(
                        socket,
                        registry,
                        ServerOptions.defaults()
                                .withLimits(maxSessions, maxNumEnvs)
                                .withLease(lease),
                        NetworkOptions.defaults());
        ManagedChannel channel =
                Grpc.newChannelBuilder("unix:" + socket, InsecureChannelCredentials.create())
                        .build();
        return new ServerHandle() {
            @Override
            public ManagedChannel channel() {
                return channel;
            }

            @Override
            public boolean expireIdle() {
                server.expireIdleSessions();
                return true;
            }

            @Override
            public OptionalInt sessionCount() {
                return OptionalInt.of(server.sessionCount());
            }

            @Override
            public void close() {
                channel.shutdownNow();
                server.close();
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("the socket was not removed", e);
                }
            }
        };
    }
}
