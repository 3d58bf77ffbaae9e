package io.gymbridge.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.proto.v1.ControlAction;
import io.gymbridge.proto.v1.ControlRequest;
import io.gymbridge.proto.v1.ControlResponse;
import io.gymbridge.proto.v1.ControlStart;
import io.gymbridge.proto.v1.ControlTick;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.proto.v1.WatchdogAction;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Control stream: env-paced control of a session (docs/protocol.md, "Env-paced control"). A
 * thread of its own ticks at the control period; each tick steps the session's envs with the latest
 * actions the client sent (held until new ones come) or, once the watchdog fired and its hold is
 * over, the envs' safe action, and sends the tick's observations as they are taken.
 *
 * <p>A tick whose step ends after the next tick's scheduled start has missed its deadline: the next
 * tick begins late (at once), periods wholly overrun are skipped, and both are counted in every
 * tick's {@code missed_deadlines}. A tick is not sent while the transport cannot take it (the
 * client reads too slowly): the gap in tick numbers says how many were not.
 */
final class ControlLoop implements StreamObserver<ControlRequest> {
    private static final Logger log = Logger.getLogger(ControlLoop.class.getName());
    static final long MIN_PERIOD_US = 1_000;
    static final long MAX_PERIOD_US = 10_000_000;

    private final Function<String, Session> sessions;
    private final ServerCallStreamObserver<ControlResponse> out;
    private final Consumer<ControlLoop> onEnd;
    private Session session; // set by the start, on the inbound thread
    private Duration period;

    /** The latest actions and their seq, one object so that both change together. */
    private record Latest(Object actions, long seq, long version) {}

    private volatile Latest latest;
    private volatile boolean clientGone;
    private volatile boolean ended;
    private volatile Thread thread;
    private boolean responseClosed; // guarded by out

    /**
     * @param sessions finds the caller's open session by id (NOT_FOUND otherwise), on the call's
     *     thread
     * @param onEnd told once, when the loop ends
     */
    ControlLoop(
            Function<String, Session> sessions,
            ServerCallStreamObserver<ControlResponse> out,
            Consumer<ControlLoop> onEnd) {
        this.sessions = sessions;
        this.out = out;
        this.onEnd = onEnd;
        out.setOnCancelHandler(this::lost);
    }

    /** The control period, once started. */
    Duration period() {
        return period;
    }

    @Override
    public void onNext(ControlRequest request) {
        try {
            Unparseable.check(request);
            if (session == null) {
                if (!request.hasStart()) {
                    throw EnvException.invalidArgument(
                            "a Control stream's first request must be a start");
                }
                start(request.getStart());
            } else if (request.hasAction()) {
                receive(request.getAction());
            } else {
                throw EnvException.invalidArgument(
                        request.hasStart()
                                ? "this Control stream has started already"
                                : "empty ControlRequest: set start or action");
            }
        } catch (RuntimeException e) {
            EnvException ee = EnvRequests.asEnvException(e);
            if (session == null || thread == null) {
                fail(ee); // the start failed: the stream cannot go on
            } else {
                sendError(ee);
            }
        }
    }

    private void sendError(EnvException e) {
        send(ControlResponse.newBuilder().setError(EnvRequests.error(e)).build());
    }

    private void start(ControlStart start) {
        Session s = sessions.apply(start.getSessionId());
        s.lock.lock();
        try {
            if (!s.everReset) {
                throw EnvException.failedPrecondition(
                        "reset this session of " + s.envId + " before controlling it");
            }
        } finally {
            s.lock.unlock();
        }
        period = periodOf(s, start.getPeriodUs());
        if (!s.startControl(this)) {
            throw EnvException.failedPrecondition(
                    "this session of " + s.envId + " is controlled by another Control stream");
        }
        session = s;
        Thread t = new Thread(this::run, "gymbridge-control-" + s.id.substring(0, 8));
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        thread = t;
        try {
            t.start();
        } catch (OutOfMemoryError e) { // no thread to be had: the session stays agent-paced
            thread = null;
            s.endControl(this);
            throw new EnvException(
                    EnvException.Code.RESOURCE_EXHAUSTED,
                    "the server cannot start a thread for this Control stream: " + e.getMessage(),
                    e);
        }
    }

    private static Duration periodOf(Session s, long periodUs) {
        if (periodUs != 0) {
            if (periodUs < MIN_PERIOD_US || periodUs > MAX_PERIOD_US) {
                throw EnvException.invalidArgument(
                        "period_us must be 0 (the env's own) or in ["
                                + MIN_PERIOD_US
                                + ", "
                                + MAX_PERIOD_US
                                + "], got "
                                + periodUs);
            }
            return Duration.ofNanos(periodUs * 1000);
        }
        Duration own = Watchdog.period(s);
        if (own.isZero()) {
            throw EnvException.invalidArgument(
                    s.envId
                            + " has no control period of its own (not a robot env, no render_fps):"
                            + " give period_us");
        }
        if (own.toNanos() < MIN_PERIOD_US * 1000) {
            return Duration.ofNanos(MIN_PERIOD_US * 1000);
        }
        return own;
    }

    private void receive(ControlAction action) {
        Object actions = EnvRequests.controlActions(session, action.getActions());
        Latest old = latest;
        latest = new Latest(actions, action.getSeq(), old == null ? 1 : old.version + 1);
        Watchdog w = session.watchdog;
        if (w != null) {
            w.commandEnded();
        }
    }

    /** The client cancelled or lost its connection: silence for the watchdog. */
    private void lost() {
        clientGone = true;
        if (thread == null) {
            finish(null); // never started: nothing ticks, and the server forgets the stream
            return;
        }
        Session s = session;
        if (s != null && s.watchdog != null) {
            s.watchdog.streamLost();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void onError(Throwable t) {
        lost();
    }

    /** The client half-closed: ticking ends and the stream completes. */
    @Override
    public void onCompleted() {
        ended = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        } else {
            finish(null);
        }
    }

    /** Ends the stream with UNAVAILABLE (server shutting down). */
    void shutdown() {
        finish(Status.UNAVAILABLE.withDescription("the server is shutting down"));
    }

    private void run() {
        long periodNanos = period.toNanos();
        long origin = System.nanoTime();
        long k = 0; // the next tick's slot: it is due at origin + k * period
        long ticks = 0;
        long missed = 0;
        long appliedVersion = 0;
        Status end = null;
        try {
            while (!ended) {
                long due = origin + k * periodNanos;
                waitUntil(due, periodNanos);
                if (ended) {
                    break;
                }
                long began = System.nanoTime();
                Fault f = session.fault();
                Latest l = latest;
                Object actions = null;
                long seq = 0;
                boolean held = false;
                boolean safe = false;
                if (f == null) {
                    if (l != null) {
                        actions = l.actions;
                        seq = l.seq;
                        held = l.version == appliedVersion;
                        appliedVersion = l.version;
                    } else if (!session.env.robots().isEmpty()) {
                        actions = session.env.safeActions(); // nothing came yet
                    }
                } else if (!f.emergency()
                        && session.watchdog != null
                        && began - f.latchedNanos() < session.watchdog.holdPeriods * periodNanos
                        && l != null) {
                    actions = l.actions; // the watchdog's hold
                    seq = l.seq;
                    held = true;
                } else if (!f.emergency() && safeAction()) {
                    actions = session.env.safeActions();
                    safe = true;
                } else if (f.actedNanos() == 0) {
                    if (!f.emergency()) {
                        controlledStop(); // and no more ticks until the fault is cleared
                    }
                    f.acted(began);
                    if (!clientGone) {
                        sendError(
                                EnvException.failedPrecondition(
                                        "this session of "
                                                + session.envId
                                                + " is stopped ("
                                                + f.message()
                                                + "): no ticks until a Reset or ClearFault"));
                    }
                }
                if (actions != null) {
                    StepResponse step;
                    session.lock.lock();
                    try {
                        if (session.isClosed()) {
                            end = Status.NOT_FOUND.withDescription("the session was closed");
                            break;
                        }
                        session.touch();
                        step = EnvRequests.tickLocked(session, actions, seq);
                    } finally {
                        session.lock.unlock();
                    }
                    if (safe && f.actedNanos() == 0) {
                        f.acted(began); // the safe action is applied: the robots hear of it
                        applySafeAction();
                    }
                    ticks++;
                    long stepEnd = System.nanoTime();
                    long nextDue = due + periodNanos;
                    if (stepEnd > nextDue) {
                        missed += 1 + (stepEnd - nextDue) / periodNanos;
                    }
                    if (!clientGone && out.isReady()) {
                        ControlTick.Builder tick =
                                ControlTick.newBuilder()
                                        .setTick(ticks)
                                        .setStep(step)
                                        .setHeld(held)
                                        .setLateNs(Math.max(0, began - due))
                                        .setMissedDeadlines(missed);
                        if (f != null) {
                            tick.setFault(f.message());
                        }
                        send(ControlResponse.newBuilder().setTick(tick).build());
                    }
                } else if (session.isClosed()) {
                    end = Status.NOT_FOUND.withDescription("the session was closed");
                    break;
                }
                if (clientGone
                        && (session.watchdog == null || (f != null && f.actedNanos() != 0))) {
                    break; // nobody to tick for, and the watchdog's action is taken
                }
                long now = System.nanoTime();
                k = Math.max(k + 1, (now - origin) / periodNanos); // skip periods wholly overrun
            }
        } catch (EnvException e) {
            end = EnvRequests.status(e);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "control loop of session " + session.id + " failed", e);
            end = Status.INTERNAL.withDescription("control loop failed: " + e);
        } finally {
            session.endControl(this);
            if (session.fault() == null && !session.isClosed()) {
                applySafeAction(); // nobody ticks now: a robot must not keep its last command
            }
            finish(end);
        }
    }

    /** True if the watchdog's action is the safe action and the envs have one. */
    private boolean safeAction() {
        Watchdog w = session.watchdog;
        return (w == null || w.action == WatchdogAction.WATCHDOG_ACTION_SAFE_ACTION)
                && !session.env.robots().isEmpty();
    }

    private void applySafeAction() {
        session.callRobots("applySafeAction", RobotEnv::applySafeAction);
    }

    private void controlledStop() {
        session.callRobots("controlledStop", RobotEnv::controlledStop);
    }

    /**
     * Parks until System.nanoTime() reaches {@code due}, or sooner when a latched fault's action
     * falls due (the safe action is not held back to the tick schedule), or the loop is told to
     * end.
     */
    private void waitUntil(long due, long periodNanos) {
        while (!ended) {
            long until = Math.min(due, faultDue(periodNanos));
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /** When a latched fault's action is due (its hold over), or Long.MAX_VALUE if none is. */
    private long faultDue(long periodNanos) {
        Fault f = session.fault();
        if (f == null || f.actedNanos() != 0) {
            return Long.MAX_VALUE;
        }
        if (f.emergency() || session.watchdog == null) {
            return f.latchedNanos();
        }
        return f.latchedNanos() + session.watchdog.holdPeriods * periodNanos;
    }

    /** A fault was latched: the loop takes its action as soon as it is due. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void send(ControlResponse response) {
        synchronized (out) {
            if (!responseClosed) {
                out.onNext(response);
            }
        }
    }

    private void fail(EnvException e) {
        finish(EnvRequests.status(e));
    }

    /** Completes the stream (or fails it with {@code status}) once. */
    private void finish(Status status) {
        boolean first;
        synchronized (out) {
            first = !responseClosed;
            if (first) {
                responseClosed = true;
                ended = true;
                if (!clientGone) {
                    try {
                        if (status == null) {
                            out.onCompleted();
                        } else {
                            out.onError(status.asRuntimeException());
                        }
                    } catch (IllegalStateException | StatusRuntimeException e) {
                        log.fine(() -> "control stream already closed: " + e);
                    }
                }
            }
        }
        if (first) {
            onEnd.accept(this);
        }
    }
}
