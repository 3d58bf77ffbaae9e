package io.gymbridge.grpc;

import io.grpc.ManagedChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One channel per target and security (TLS, credential files), shared by every env opened on it and
 * closed with the last of them. Whoever acquires a channel releases it exactly once.
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

    /** What identifies a shared channel: its security and {@code host:port}. */
    static String key(String authority, ChannelSecurity security) {
        return security.key() + " to " + authority;
    }

    /**
     * The channel to {@code authority} ({@code host:port}) with {@code security}, created on first
     * use; release it with {@link #release} and {@link #key}.
     */
    static synchronized ManagedChannel acquire(String authority, ChannelSecurity security) {
        String key = key(authority, security);
        Entry e = channels.get(key);
        if (e == null || e.channel.isShutdown()) {
            e = new Entry(security.newChannel(authority));
            channels.put(key, e);
        }
        e.users++;
        return e.channel;
    }

    /** Releases one use; the last release shuts the channel down. */
    static void release(String key, ManagedChannel channel) {
        ManagedChannel toClose = null;
        synchronized (SharedChannels.class) {
            Entry e = channels.get(key);
            if (e != null && e.channel == channel && --e.users == 0) {
                channels.remove(key);
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
