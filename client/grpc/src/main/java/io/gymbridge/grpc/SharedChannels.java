package io.gymbridge.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One channel per target, shared by every env opened on it and closed with the last of them.
 * Whoever acquires a channel releases it exactly once.
 */
final class SharedChannels {
    private static final Map<String, Entry> channels = new HashMap<>();

    private static final class Entry {
        final ManagedChannel channel;
        int users;

        Entry(ManagedChannel channel) {
            this.channel = channel;
        }
    }

    private SharedChannels() {}

    /**
     * The channel to {@code authority} ({@code host:port}, or {@code unix:/path} for a Unix domain
     * socket), created on first use.
     */
    static synchronized ManagedChannel acquire(String authority) {
        Entry e = channels.get(authority);
        if (e == null || e.channel.isShutdown()) {
            ManagedChannelBuilder<?> builder =
                    Grpc.newChannelBuilder(authority, InsecureChannelCredentials.create())
                            .maxInboundMessageSize(64 << 20);
            if (builder instanceof NettyChannelBuilder netty && authority.startsWith("unix:")) {
                // gRPC asks every connection for TCP keepalive; a Unix domain socket has none,
                // and Netty would log a warning for each connection
                netty.withOption(ChannelOption.SO_KEEPALIVE, null);
            }
            ManagedChannel channel = builder.build();
            e = new Entry(channel);
            channels.put(authority, e);
        }
        e.users++;
        return e.channel;
    }

    /** Releases one use; the last release shuts the channel down. */
    static void release(String authority, ManagedChannel channel) {
        ManagedChannel toClose = null;
        synchronized (SharedChannels.class) {
            Entry e = channels.get(authority);
            if (e != null && e.channel == channel && --e.users == 0) {
                channels.remove(authority);
                toClose = channel;
            }
        }
        if (toClose != null) {
            toClose.shutdown();
            try {
                if (!toClose.awaitTermination(5, TimeUnit.SECONDS)) {
                    toClose.shutdownNow();
                }
            } catch (InterruptedException ie) {
                toClose.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
