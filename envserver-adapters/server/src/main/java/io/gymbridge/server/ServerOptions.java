package io.gymbridge.server;

import java.time.Duration;
import java.util.Set;

/**
 * The settings of a {@link GymServer}: where it listens, what it serves, its limits.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} (loopback only) or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one
 * @param allowedEnvIds the env ids clients may make; empty allows every registered id
 * @param maxSessions the largest number of open sessions; more is RESOURCE_EXHAUSTED
 * @param maxNumEnvs the largest num_envs of one session; more is RESOURCE_EXHAUSTED
 * @param lease a session idle this long is closed and its memory freed
 * @param drainGrace on shutdown, how long in-flight calls get to finish
 * @param directExecutor run calls on the transport's threads (lowest latency; a slow env then holds
 *     up other clients on the same event loop) instead of a thread pool
 */
public record ServerOptions(
        String host,
        int port,
        Set<String> allowedEnvIds,
        int maxSessions,
        int maxNumEnvs,
        Duration lease,
        Duration drainGrace,
        boolean directExecutor) {

    /** Checks every setting and names the one that is wrong. */
    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions must be >= 1, got " + maxSessions);
        }
        if (maxNumEnvs < 1) {
            throw new IllegalArgumentException("max num_envs must be >= 1, got " + maxNumEnvs);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        allowedEnvIds = Set.copyOf(allowedEnvIds);
    }

    /**
     * The defaults: loopback, port 50051, every env, 256 sessions, 1024 envs each, 10-minute lease.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(
                "127.0.0.1",
                50051,
                Set.of(),
                256,
                1024,
                Duration.ofMinutes(10),
                Duration.ofSeconds(10),
                true);
    }

    /** These options on another port. */
    public ServerOptions withPort(int newPort) {
        return new ServerOptions(
                host,
                newPort,
                allowedEnvIds,
                maxSessions,
                maxNumEnvs,
                lease,
                drainGrace,
                directExecutor);
    }

    /** These options with another lease. */
    public ServerOptions withLease(Duration newLease) {
        return new ServerOptions(
                host,
                port,
                allowedEnvIds,
                maxSessions,
                maxNumEnvs,
                newLease,
                drainGrace,
                directExecutor);
    }

    /** These options with other limits. */
    public ServerOptions withLimits(int newMaxSessions, int newMaxNumEnvs) {
        return new ServerOptions(
                host,
                port,
                allowedEnvIds,
                newMaxSessions,
                newMaxNumEnvs,
                lease,
                drainGrace,
                directExecutor);
    }

    /** These options with an allow-list of env ids (empty allows all). */
    public ServerOptions withAllowedEnvIds(Set<String> ids) {
        return new ServerOptions(
                host, port, ids, maxSessions, maxNumEnvs, lease, drainGrace, directExecutor);
    }

    /** These options with another host. */
    public ServerOptions withHost(String newHost) {
        return new ServerOptions(
                newHost,
                port,
                allowedEnvIds,
                maxSessions,
                maxNumEnvs,
                lease,
                drainGrace,
                directExecutor);
    }

    /** These options with calls on a thread pool (false) or the transport threads (true). */
    public ServerOptions withDirectExecutor(boolean direct) {
        return new ServerOptions(
                host, port, allowedEnvIds, maxSessions, maxNumEnvs, lease, drainGrace, direct);
    }
}
