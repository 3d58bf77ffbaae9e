package io.gymbridge.server;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.gymbridge.conformance.ServerHandle;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The error contract against the Java server, over the in-process transport.
 *
 * <p>The tests and their assertions are inherited from {@link ErrorContractTests}; this class only
 * says how to reach the server.
 */
class JavaErrorContractTest extends ErrorContractTests {
    @Override
    ServerHandle start(int maxSessions, int maxNumEnvs, Duration lease) {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(ExplodingEnv.ID),
                (spec, kwargs, renderMode) -> new ExplodingEnv(spec, kwargs));
        String name = InProcessServerBuilder.generateName();
        GymServer server =
                GymServer.start(
                        InProcessServerBuilder.forName(name),
                        registry,
                        ServerOptions.defaults()
                                .withLimits(maxSessions, maxNumEnvs)
                                .withLease(lease));
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
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
            }
        };
    }
}
