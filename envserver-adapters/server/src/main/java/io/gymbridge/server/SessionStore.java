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
 * The open sessions of a server: creation within the limits, lookup, close, and the lease that
 * closes sessions left idle.
 */
final class SessionStore {
    private static final Logger log = Logger.getLogger(SessionStore.class.getName());
    private static final int REMEMBERED_EXPIRED = 4096;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final int maxSessions;
    private final Duration lease;
    private final SecureRandom random = new SecureRandom();

    /** Ids closed by the lease, so that a late client hears "expired" rather than "unknown". */
    private final Map<String, Boolean> expired =
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_EXPIRED;
                }
            };

    SessionStore(int maxSessions, Duration lease) {
        this.maxSessions = maxSessions;
        this.lease = lease;
    }

    /** Number of open sessions. */
    int size() {
        return sessions.size();
    }

    /**
     * Fails with RESOURCE_EXHAUSTED if the server has no room for another session.
     *
     * @throws EnvException RESOURCE_EXHAUSTED naming the limit
     */
    void checkCapacity() {
        if (sessions.size() >= maxSessions) {
            throw full();
        }
    }

    private EnvException full() {
        return new EnvException(
                EnvException.Code.RESOURCE_EXHAUSTED,
                "the server has its maximum of " + maxSessions + " open sessions; close one first");
    }

    /**
     * Registers a session for {@code env}, or closes env and fails with RESOURCE_EXHAUSTED if the
     * server is full.
     */
    synchronized Session add(String envId, VectorEnv<Object, Object> env, String renderMode) {
        if (sessions.size() >= maxSessions) {
            env.close();
            throw full();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Session s = new Session(id, envId, env, renderMode);
        sessions.put(id, s);
        return s;
    }

    /**
     * The open session {@code id}, locked and touched; the caller must unlock it.
     *
     * @throws EnvException NOT_FOUND if it is unknown, closed or expired
     */
    Session acquire(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw notFound(id);
        }
        s.lock.lock();
        if (s.isClosed()) {
            s.lock.unlock();
            throw notFound(id);
        }
        s.touch();
        return s;
    }

    /** Closes {@code id} if it is open; closing an unknown or closed session does nothing. */
    void close(String id) {
        Session s = sessions.remove(id);
        if (s != null) {
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
                        expired.put(s.id, Boolean.TRUE);
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

    private EnvException notFound(String id) {
        boolean wasExpired;
        synchronized (expired) {
            wasExpired = expired.containsKey(id);
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
