package io.gymbridge.env;

import java.time.Duration;

/**
 * What a robot's env adds to {@link Env} so that a gymbridge server can keep the robot safe
 * (docs/protocol.md, "Watchdog" and "Env-paced control"): its control period, its safe action, and
 * hooks the server calls when a session faults. Write the robot's env once, implementing this
 * beside {@code Env}, and serve it: the server's watchdog, emergency stop and env-paced ticking use
 * these.
 *
 * <p>Threads: {@link #applySafeAction}, {@link #controlledStop}, {@link #onFault} and {@link
 * #emergencyStop} are called from the server's watchdog or stop threads, possibly while a step is
 * in progress on another thread. They must be thread-safe, must not wait for the step, and should
 * return within milliseconds (command the hardware and return).
 *
 * @param <A> the action type of the env
 */
public interface RobotEnv<A> extends EmergencyStoppable {
    /**
     * The period at which the robot is controlled: an env-paced session ticks at it unless its
     * client names another, and the watchdog holds the last action for whole periods of it.
     */
    Duration controlPeriod();

    /**
     * The action that brings the robot to rest (zero velocity, brakes on). An env-paced session
     * steps with it once the watchdog's hold is over; it must be in the action space.
     */
    A safeAction();

    /**
     * Commands the safe action to the hardware now, outside any step: the watchdog calls it when it
     * fires on an agent-paced session, where no step will come to carry the safe action. The
     * default does nothing (a simulation stands still between steps).
     */
    default void applySafeAction() {}

    /**
     * Brings the robot to a controlled stop (decelerating on its path, then holding): the
     * watchdog's {@code controlled_stop} action. The default applies the safe action.
     */
    default void controlledStop() {
        applySafeAction();
    }

    /**
     * Called once each time the session latches a fault (the watchdog fired, an emergency stop),
     * with its message: a place to log, light a lamp, or tell the operator. The default does
     * nothing.
     */
    default void onFault(String fault) {}

    /**
     * Stops the hardware at once (the emergency stop): the brakes. Unlike the others this has no
     * default: a robot env must say what stopping means for it.
     */
    @Override
    void emergencyStop(String reason);
}
