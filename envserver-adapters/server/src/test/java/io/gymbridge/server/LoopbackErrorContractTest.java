package io.gymbridge.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.gymbridge.conformance.ServerHandle;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The error contract against the Java server on a loopback port: unlike the in-process transport,
 * this one serializes every message and enforces gRPC's limits on metadata, so a message that
 * echoed a 9 KB string whole would fail here.
 */
class LoopbackErrorContractTest extends ErrorContractTests {
    @Override
    ServerHandle start(int maxSessions, int maxNumEnvs, Duration lease) {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(ExplodingEnv.ID),
                (spec, kwargs, renderMode) -> new ExplodingEnv(spec, kwargs));
        GymServer server =
                GymServer.start(
                        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                        registry,
                        ServerOptions.defaults()
                                .withLimits(maxSessions, maxNumEnvs)
                                .withLease(lease));
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
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
