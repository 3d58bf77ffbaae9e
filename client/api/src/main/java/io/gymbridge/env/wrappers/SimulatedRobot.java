package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.env.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A simulated env as a robot ({@link RobotEnv}): a digital twin to develop a robot's setup against
 * before the hardware, or to test the server's watchdog, emergency stop and env-paced control. It
 * passes steps through, knows its safe action and control period, and records when the server's
 * hooks were called ({@link #events()}), so that a test or an operator can see how long after a
 * lost client the safe action came.
 *
 * <p>Its hooks change nothing in the simulation: between steps a simulation stands still, and an
 * env-paced session steps it with the safe action itself.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class SimulatedRobot<O, A> extends Wrapper<O, A> implements RobotEnv<A> {
    /** What a hook recorded. */
    public enum Kind {
        SAFE_ACTION,
        CONTROLLED_STOP,
        FAULT,
        EMERGENCY_STOP
    }

    /**
     * One call of a hook.
     *
     * @param kind which hook
     * @param nanos when, by {@link System#nanoTime()}
     * @param unixNanos when, by the wall clock (nanoseconds since the Unix epoch)
     * @param detail the fault's message or the stop's reason; empty otherwise
     */
    public record Event(Kind kind, long nanos, long unixNanos, String detail) {}

    private static final int MAX_EVENTS = 1000;

    private final A safeAction;
    private final Duration controlPeriod;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Consumer<Event> listener;

    /**
     * @param env the simulation
     * @param safeAction its action at rest (zero torque, say), in its action space
     * @param controlPeriod how often it is controlled (the env's dt, typically)
     */
    public SimulatedRobot(Env<O, A> env, A safeAction, Duration controlPeriod) {
        this(env, safeAction, controlPeriod, e -> {});
    }

    /**
     * As {@link #SimulatedRobot(Env, Object, Duration)}, telling {@code listener} of every event as
     * it is recorded (on the hook's thread: keep it quick, as the hooks must be).
     */
    public SimulatedRobot(
            Env<O, A> env, A safeAction, Duration controlPeriod, Consumer<Event> listener) {
        super(env);
        this.listener = Objects.requireNonNull(listener);
        if (!env.actionSpace().contains(safeAction)) {
            throw new IllegalArgumentException(
                    "safe action " + safeAction + " is not in " + env.actionSpace());
        }
        if (controlPeriod.isZero() || controlPeriod.isNegative()) {
            throw new IllegalArgumentException("control period must be positive: " + controlPeriod);
        }
        this.safeAction = Objects.requireNonNull(safeAction);
        this.controlPeriod = controlPeriod;
    }

    @Override
    public Duration controlPeriod() {
        return controlPeriod;
    }

    @Override
    public A safeAction() {
        return safeAction;
    }

    @Override
    public Step<O> step(A action) {
        return env.step(action);
    }

    @Override
    public void applySafeAction() {
        record(Kind.SAFE_ACTION, "");
    }

    @Override
    public void controlledStop() {
        record(Kind.CONTROLLED_STOP, "");
    }

    @Override
    public void onFault(String fault) {
        record(Kind.FAULT, fault);
    }

    @Override
    public void emergencyStop(String reason) {
        record(Kind.EMERGENCY_STOP, reason);
    }

    /** The hooks' calls so far, oldest first (the last {@value #MAX_EVENTS}). */
    public List<Event> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    private void record(Kind kind, String detail) {
        Instant now = Instant.now();
        Event e =
                new Event(
                        kind,
                        System.nanoTime(),
                        now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                        detail);
        synchronized (events) {
            if (events.size() == MAX_EVENTS) {
                events.removeFirst();
            }
            events.addLast(e);
        }
        listener.accept(e);
    }
}
