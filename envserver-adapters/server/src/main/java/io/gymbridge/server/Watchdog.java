package io.gymbridge.server;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.proto.v1.WatchdogAction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A session's command watchdog (docs/protocol.md, "Watchdog"): fires when no command came for the
 * timeout, or at once when the stream that carried the session is lost; then latches the session's
 * fault, holds the last action for some control periods, and takes its action (the envs' safe
 * action or controlled stop).
 *
 * <p>It runs on the server's watchdog thread and never takes the session's lock: a step that hangs
 * cannot hold it up. Its state is volatile fields written by the session's calls.
 */
final class Watchdog {
    private static final Logger log = Logger.getLogger(Watchdog.class.getName());
    static final long MAX_TIMEOUT_MS = 3_600_000;
    static final int MAX_HOLD_PERIODS = 1000;

    final long timeoutNanos;
    final int holdPeriods;
    final WatchdogAction action;
    private final Session session;
    private final ScheduledExecutorService timer;

    /** When the last command ended (a Step returned, actions came), System.nanoTime(). */
    private volatile long lastCommandNanos;

    /** A Step is in progress: not silence. */
    private volatile boolean busy;

    /** Armed by the first Reset; a fault disarms it until cleared. */
    private volatile boolean armed;

    private boolean checkScheduled; // guarded by this

    private Watchdog(
            Session session,
            long timeoutNanos,
            int holdPeriods,
            WatchdogAction action,
            ScheduledExecutorService timer) {
        this.session = session;
        this.timeoutNanos = timeoutNanos;
        this.holdPeriods = holdPeriods;
        this.action = action;
        this.timer = timer;
    }

    /**
     * Checks a MakeRequest's watchdog.
     *
     * @throws EnvException INVALID_ARGUMENT naming the field out of range
     */
    static void validate(io.gymbridge.proto.v1.Watchdog w) {
        if (w.getCommandTimeoutMs() < 1 || w.getCommandTimeoutMs() > MAX_TIMEOUT_MS) {
            throw EnvException.invalidArgument(
                    "watchdog.command_timeout_ms must be in [1, "
                            + MAX_TIMEOUT_MS
                            + "], got "
                            + w.getCommandTimeoutMs());
        }
        if (w.getHoldPeriods() < 0 || w.getHoldPeriods() > MAX_HOLD_PERIODS) {
            throw EnvException.invalidArgument(
                    "watchdog.hold_periods must be in [0, "
                            + MAX_HOLD_PERIODS
                            + "], got "
                            + w.getHoldPeriods());
        }
        if (w.getActionValue() < 0 || w.getActionValue() > 2) {
            throw EnvException.invalidArgument(
                    "watchdog.action must be WATCHDOG_ACTION_SAFE_ACTION (1) or"
                            + " WATCHDOG_ACTION_CONTROLLED_STOP (2), got "
                            + w.getActionValue());
        }
    }

    /** The watchdog a validated request asks for. */
    static Watchdog of(
            io.gymbridge.proto.v1.Watchdog w, Session session, ScheduledExecutorService timer) {
        WatchdogAction action =
                w.getAction() == WatchdogAction.WATCHDOG_ACTION_CONTROLLED_STOP
                        ? WatchdogAction.WATCHDOG_ACTION_CONTROLLED_STOP
                        : WatchdogAction.WATCHDOG_ACTION_SAFE_ACTION;
        return new Watchdog(
                session,
                TimeUnit.MILLISECONDS.toNanos(w.getCommandTimeoutMs()),
                w.getHoldPeriods(),
                action,
                timer);
    }

    /** A Reset or ClearFault: silence counts from now. */
    void arm() {
        lastCommandNanos = System.nanoTime();
        armed = true;
        schedule(timeoutNanos);
    }

    /** A command begins (a Step was taken). */
    void commandStarted() {
        busy = true;
    }

    /** A command ended (a Step returned, or actions came on a Control stream). */
    void commandEnded() {
        lastCommandNanos = System.nanoTime();
        busy = false;
    }

    /** The stream that carried the session was cancelled or lost its connection. */
    void streamLost() {
        if (armed) {
            submit(() -> fire("the client's stream was cancelled or lost its connection"), 0);
        }
    }

    private synchronized void schedule(long delayNanos) {
        if (!checkScheduled) {
            checkScheduled = submit(this::check, delayNanos);
        }
    }

    /** Schedules {@code task} on the timer; false if the server is shutting down. */
    private boolean submit(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // the server is closing its sessions anyway
        }
    }

    private void check() {
        synchronized (this) {
            checkScheduled = false;
        }
        if (!armed || session.isClosed()) {
            return;
        }
        long silent = System.nanoTime() - lastCommandNanos;
        if (busy || silent < timeoutNanos) {
            schedule(busy ? timeoutNanos : timeoutNanos - silent);
            return;
        }
        fire("no command for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms");
    }

    /**
     * Latches the fault and, for an agent-paced session, takes the action after the hold (an
     * env-paced session's ticks do both: {@link ControlLoop}).
     */
    private void fire(String why) {
        if (!armed || session.isClosed()) {
            return;
        }
        armed = false;
        Fault fault = Fault.watchdog("watchdog: " + why);
        if (!session.latch(fault)) {
            return; // another fault is latched already
        }
        log.warning(
                () -> "session " + session.id + " of " + session.envId + ": " + fault.message());
        ControlLoop control = session.control();
        if (control != null) {
            control.wake(); // its ticks hold, then take the action when due
            return;
        }
        submit(() -> act(fault), holdPeriods * period(session).toNanos());
    }

    private void act(Fault fault) {
        if (session.fault() != fault || session.isClosed()) {
            return; // cleared during the hold
        }
        if (action == WatchdogAction.WATCHDOG_ACTION_CONTROLLED_STOP) {
            session.callRobots("controlledStop", RobotEnv::controlledStop);
        } else {
            session.callRobots("applySafeAction", RobotEnv::applySafeAction);
        }
        fault.acted(System.nanoTime());
    }

    /**
     * The session's control period: its Control stream's, else its robot env's, else 1 / metadata
     * render_fps, else zero (no period: a hold is over at once).
     */
    static Duration period(Session s) {
        ControlLoop control = s.control();
        if (control != null) {
            return control.period();
        }
        List<RobotEnv<?>> robots = s.env.robots();
        if (!robots.isEmpty()) {
            return robots.get(0).controlPeriod();
        }
        Object fps = s.env.metadata().get("render_fps");
        if (fps instanceof Number n && n.doubleValue() > 0) {
            return Duration.ofNanos(Math.round(1e9 / n.doubleValue()));
        }
        return Duration.ZERO;
    }
}
