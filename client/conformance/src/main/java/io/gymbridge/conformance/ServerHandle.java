package io.gymbridge.conformance;

import io.grpc.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A running server the {@link ErrorContract} talks to, with the hooks a test harness may offer. A
 * server reached only by its address offers none: cases that need a hook then check less (and say
 * so in their note) or are skipped with the reason.
 */
public interface ServerHandle extends AutoCloseable {
    /** A channel to the server, owned by the handle. */
    Channel channel();

    /**
     * Runs the server's lease sweep now, if the server lets a test do that.
     *
     * @return false if there is no such hook: the lease case then waits for the server's own sweep
     */
    default boolean expireIdle() {
        return false;
    }

    /** The number of open sessions, if the server lets a test see it. */
    default OptionalInt sessionCount() {
        return OptionalInt.empty();
    }

    /** Closes the channel, and stops the server if the handle started it. */
    @Override
    void close() throws IOException;

    /**
     * A server reached by a channel the caller owns and closes: no hooks, and {@link #close} does
     * nothing.
     */
    static ServerHandle of(Channel channel) {
        return new ServerHandle() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public void close() {}
        };
    }

    /** Starts a server of the same kind with another lease, for the lease case. */
    @FunctionalInterface
    interface Starter {
        /**
         * Starts it.
         *
         * @param lease the idle time after which the new server closes a session
         */
        ServerHandle start(Duration lease) throws Exception;
    }
}
