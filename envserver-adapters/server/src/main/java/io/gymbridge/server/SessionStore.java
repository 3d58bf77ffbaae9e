package io.gymbridge.server;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.vector.VectorEnv;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open sessions of a server: creation within the limits (the server's and each caller's),
 * lookup, close, and the lease that closes sessions left idle.
 *
 * <p>A session belongs to the {@link Caller} that made it. To any other caller it does not exist:
 * lookups answer NOT_FOUND with the very message of an id never made (and of an expired one, the
 * message of an id never made), and a close does nothing, as for an unknown id.
 */
final class SessionStore {
    private static final Logger log = Logger.getLogger(SessionStore.class.getName());
    private static final int REMEMBERED_EXPIRED = 4096;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final int maxSessions;
    private final int maxSessionsPerCaller;
    private final int maxEnvsPerCaller;
    private final Duration lease;
    private final SecureRandom random = new SecureRandom();

    /**
     * Ids closed by the lease and their owners, so that a late client hears "expired" rather than
     * "unknown".
     */
    private final Map<String, Caller> expired =
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Caller> eldest) {
                    return size() > REMEMBERED_EXPIRED;
                }
            };

    SessionStore(int maxSessions, int maxSessionsPerCaller, int maxEnvsPerCaller, Duration lease) {
        this.maxSessions = maxSessions;
        this.maxSessionsPerCaller = Math.min(maxSessions, maxSessionsPerCaller);
        this.maxEnvsPerCaller = maxEnvsPerCaller;
        this.lease = lease;
    }

    /** The most sessions one caller may have open: the per-caller limit, or the server's. */
    int maxSessionsPerCaller() {
        return maxSessionsPerCaller;
    }

    /** The most envs (num_envs summed over its sessions) one caller may have open. */
    int maxEnvsPerCaller() {
        return maxEnvsPerCaller;
    }

    /** Number of open sessions. */
    int size() {
        return sessions.size();
    }

    /**
     * Fails with RESOURCE_EXHAUSTED if the server, or the caller's share of it, has no room for
     * another session of {@code numEnvs} envs.
     *
     * @throws EnvException RESOURCE_EXHAUSTED naming the limit
     */
    void checkCapacity(Caller caller, int numEnvs) {
        if (sessions.size() >= maxSessions) {
            throw full();
        }
        checkCallerCapacity(caller, numEnvs);
    }

    private void checkCallerCapacity(Caller caller, int numEnvs) {
        if (maxSessionsPerCaller >= maxSessions && maxEnvsPerCaller == Integer.MAX_VALUE) {
            return;
        }
        int open = 0;
        long envs = 0;
        for (Session s : sessions.values()) {
            if (s.owner.equals(caller)) {
                open++;
                envs += s.env.numEnvs();
            }
        }
        if (open >= maxSessionsPerCaller) {
            throw new EnvException(
                    EnvException.Code.RESOURCE_EXHAUSTED,
                    "you have this server's maximum of "
                            + maxSessionsPerCaller
                            + " open sessions per caller; close one first");
        }
        if (envs + numEnvs > maxEnvsPerCaller) {
            throw new EnvException(
                    EnvException.Code.RESOURCE_EXHAUSTED,
                    "num_envs "
                            + numEnvs
                            + " would bring your open envs to "
                            + (envs + numEnvs)
                            + ", over this server's limit of "
                            + maxEnvsPerCaller
                            + " per caller");
        }
    }

    private EnvException full() {
        return new EnvException(
                EnvException.Code.RESOURCE_EXHAUSTED,
                "the server has its maximum of " + maxSessions + " open sessions; close one first");
    }

    /**
     * Registers a session of {@code owner} for {@code env}, or closes env and fails with
     * RESOURCE_EXHAUSTED if the server or the owner's share is full.
     */
    synchronized Session add(
            Caller owner, String envId, VectorEnv<Object, Object> env, String renderMode) {
        try {
            checkCapacity(owner, env.numEnvs());
        } catch (EnvException e) {
            env.close();
            throw e;
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Session s = new Session(id, owner, envId, env, renderMode);
        sessions.put(id, s);
        return s;
    }

    /**
     * The open session {@code id} of {@code caller}, locked and touched; the caller must unlock it.
     *
     * @throws EnvException NOT_FOUND if it is unknown, closed, expired or another caller's
     */
    Session acquire(String id, Caller caller) {
        Session s = sessions.get(id);
        if (s == null || !s.owner.equals(caller)) {
            throw notFound(id, caller);
        }
        s.lock.lock();
        if (s.isClosed()) {
            s.lock.unlock();
            throw notFound(id, caller);
        }
        s.touch();
        return s;
    }

    /**
     * The open session {@code id} of {@code caller}, not locked.
     *
     * @throws EnvException NOT_FOUND if it is unknown, closed, expired or another caller's
     */
    Session find(String id, Caller caller) {
        Session s = sessions.get(id);
        if (s == null || !s.owner.equals(caller) || s.isClosed()) {
            throw notFound(id, caller);
        }
        return s;
    }

    /** The open session {@code id}, whoever's, or null. */
    Session peek(String id) {
        return sessions.get(id);
    }

    /**
     * The open sessions to stop: {@code id} if given (NOT_FOUND unless it is {@code caller}'s), or
     * every open session of {@code caller}; without taking their locks.
     */
    List<Session> toStop(String id, Caller caller) {
        if (!id.isEmpty()) {
            return List.of(find(id, caller));
        }
        return sessions.values().stream()
                .filter(s -> s.owner.equals(caller) && !s.isClosed())
                .toList();
    }

    /** Every open session, whoever's, without taking their locks. */
    List<Session> allOpen() {
        return sessions.values().stream().filter(s -> !s.isClosed()).toList();
    }

    /**
     * Closes {@code id} if it is open and {@code caller}'s; closing an unknown, closed or another
     * caller's session does nothing.
     */
    void close(String id, Caller caller) {
        Session s = sessions.get(id);
        if (s != null && s.owner.equals(caller) && sessions.remove(id, s)) {
            closeQuietly(s);
        }
    }

    /** Closes the sessions idle longer than the lease; returns how many. */
    int expireIdle() {
        long now = System.nanoTime();
        long leaseNanos = lease.toNanos();
        int n = 0;
        for (Session s : sessions.values()) {
            if (s.idleNanos(now) > leaseNanos && s.lock.tryLock()) {
                try {
                    if (s.idleNanos(System.nanoTime()) <= leaseNanos || s.isClosed()) {
                        continue;
                    }
                    sessions.remove(s.id);
                    synchronized (expired) {
                        expired.put(s.id, s.owner);
                    }
                    closeLocked(s);
                    n++;
                } finally {
                    s.lock.unlock();
                }
            }
        }
        if (n > 0) {
            log.info(() -> "lease: closed idle sessions, " + sessions.size() + " open");
        }
        return n;
    }

    /** Closes every session (server shutdown). */
    void closeAll() {
        List<Session> all = new ArrayList<>(sessions.values());
        sessions.clear();
        all.forEach(this::closeQuietly);
    }

    private void closeQuietly(Session s) {
        s.lock.lock();
        try {
            closeLocked(s);
        } finally {
            s.lock.unlock();
        }
    }

    private static void closeLocked(Session s) {
        try {
            s.closeLocked();
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "closing session " + s.id + " (" + s.envId + ") failed", e);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private EnvException notFound(String id, Caller caller) {
        boolean wasExpired;
        synchronized (expired) {
            wasExpired = caller.equals(expired.get(id));
        }
        if (wasExpired) {
            return EnvException.notFound(
                    "session "
                            + id
                            + " expired: it was idle longer than the lease of "
                            + describe(lease));
        }
        return EnvException.notFound("no open session with id '" + id + "'; make one first");
    }
}
