package io.gymbridge.env;

/**
 * An env that can stop its hardware at once: a robot's brakes, a motor controller's disable. A
 * server calls it on an emergency stop (docs/protocol.md, EmergencyStop), from another thread than
 * the one stepping the env and possibly while a step is in progress, so it must be thread-safe,
 * must not wait for the step, and should return within milliseconds. After it, the server refuses
 * the session's steps until a Reset; the env's {@code reset} is where it may move again.
 */
public interface EmergencyStoppable {
    /**
     * Stops the env's hardware now.
     *
     * @param reason why, as the stopping caller gave it (may be empty)
     */
    void emergencyStop(String reason);
}
