package io.gymbridge.server;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.proto.v1.StepResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One client's vector of envs on the server, owned by the caller that made it. Calls on a session
 * are serialized by its lock; different sessions run in parallel.
 */
final class Session {
    private static final Logger log = Logger.getLogger(Session.class.getName());

    final String id;
    final Caller owner;
    final String envId;
    final VectorEnv<Object, Object> env;
    final String renderMode;
    final ReentrantLock lock = new ReentrantLock();

    /** The seq of the session's last numbered Step, and its response (guarded by the lock). */
    long lastSeq;

    StepResponse lastStep;

    /** Why the session is stopped (watchdog, emergency stop), or null; a Reset clears it. */
    private final AtomicReference<Fault> fault = new AtomicReference<>();

    /** The session's watchdog, or null; set once, right after the session is made. */
    volatile Watchdog watchdog;

    /** The Control stream ticking the session, or null (agent-paced). */
    private final AtomicReference<ControlLoop> control = new AtomicReference<>();

    /** A Reset has succeeded: the envs can step (guarded by the lock). */
    boolean everReset;

    private volatile long lastUsedNanos;
    private volatile boolean closed;

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

    /**
     * Throws FAILED_PRECONDITION if the session is stopped or env-paced; the caller holds the lock.
     */
    void checkNotStopped() {
        Fault f = fault.get();
        if (f != null) {
            throw EnvException.failedPrecondition(
                    "this session of "
                            + envId
                            + " is stopped ("
                            + f.message()
                            + "); a Reset or ClearFault clears it");
        }
        if (control.get() != null) {
            throw EnvException.failedPrecondition(
                    "this session of "
                            + envId
                            + " is env-paced: a Control stream steps it; send actions there");
        }
    }

    /** The latched fault, or null. */
    Fault fault() {
        return fault.get();
    }

    /**
     * Latches {@code f} unless a fault is latched already (an emergency stop replaces a watchdog's
     * fault, so that a ticking session stops at once); true if it was latched, and then the robot
     * envs hear of it.
     */
    boolean latch(Fault f) {
        while (true) {
            Fault old = fault.get();
            if (old != null && (old.emergency() || !f.emergency())) {
                return false;
            }
            if (fault.compareAndSet(old, f)) {
                break;
            }
        }
        callRobots("onFault", robot -> robot.onFault(f.message()));
        return true;
    }

    /**
     * Calls hook {@code name} of every robot env of the session; one that throws is logged and the
     * others are still called.
     */
    void callRobots(String name, Consumer<RobotEnv<?>> hook) {
        for (RobotEnv<?> robot : env.robots()) {
            try {
                hook.accept(robot);
            } catch (RuntimeException e) {
                log.warning("the " + name + " hook of " + envId + " failed: " + e);
            }
        }
    }

    /** Clears the fault (a Reset, ClearFault) and re-arms the watchdog; returns the old one. */
    Fault clearFault() {
        Fault old = fault.getAndSet(null);
        Watchdog w = watchdog;
        if (w != null && everReset) {
            w.arm();
        }
        return old;
    }

    /** The Control stream ticking the session, or null. */
    ControlLoop control() {
        return control.get();
    }

    /** Makes {@code loop} the session's ticker unless another is; true if it did. */
    boolean startControl(ControlLoop loop) {
        return control.compareAndSet(null, loop);
    }

    /** Ends {@code loop}'s control of the session. */
    void endControl(ControlLoop loop) {
        control.compareAndSet(loop, null);
    }
}
