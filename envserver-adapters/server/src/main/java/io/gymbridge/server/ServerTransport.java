package io.gymbridge.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The Netty transport of a {@link GymServer}: its address, TLS and connection limits. */
final class ServerTransport {
    private ServerTransport() {}

    /** A builder bound to {@code options}' address with {@code network}'s TLS and limits. */
    static NettyServerBuilder builder(
            ServerOptions options, NetworkOptions network, CredentialFiles credentials) {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        NettyServerBuilder b =
                network.tls()
                        ? NettyServerBuilder.forAddress(address, credentials.serverCredentials())
                        : NettyServerBuilder.forAddress(address);
        b.maxConcurrentCallsPerConnection(network.maxStreamsPerConnection());
        b.handshakeTimeout(network.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!network.keepAliveTime().isZero()) {
            b.keepAliveTime(network.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                    .keepAliveTimeout(network.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!network.maxConnectionAge().isZero()) {
            b.maxConnectionAge(network.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConnectionAgeGrace(
                            network.maxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
        return b;
    }
}
