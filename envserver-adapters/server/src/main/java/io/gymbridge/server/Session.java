package io.gymbridge.server;

import io.gymbridge.env.vector.VectorEnv;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's vector of envs on the server, owned by the caller that made it. Calls on a session
 * are serialized by its lock; different sessions run in parallel.
 */
final class Session {
    final String id;
    final Caller owner;
    final String envId;
    final VectorEnv<Object, Object> env;
    final String renderMode;
    final ReentrantLock lock = new ReentrantLock();

    /** The seq of the session's last numbered Step, and its response (guarded by the lock). */
    long lastSeq;

    io.gymbridge.proto.v1.StepResponse lastStep;

    /** Why the session is stopped (an emergency stop), or null; a Reset clears it. */
    volatile String fault;

    private volatile long lastUsedNanos;
    private boolean closed;

    Session(
            String id,
            Caller owner,
            String envId,
            VectorEnv<Object, Object> env,
            String renderMode) {
        this.id = id;
        this.owner = owner;
        this.envId = envId;
        this.env = env;
        this.renderMode = renderMode;
        touch();
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long idleNanos(long now) {
        return now - lastUsedNanos;
    }

    /** Closes the envs once; the caller holds the lock. */
    void closeLocked() {
        if (!closed) {
            closed = true;
            env.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Throws FAILED_PRECONDITION if the session is stopped; the caller holds the lock. */
    void checkNotStopped() {
        String f = fault;
        if (f != null) {
            throw io.gymbridge.env.EnvException.failedPrecondition(
                    "this session of " + envId + " is stopped (" + f + "); a Reset clears it");
        }
    }
}
