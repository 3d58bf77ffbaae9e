package io.gymbridge.server;

/**
 * Why a session is stopped: its watchdog fired, or an emergency stop. Latched until a Reset or
 * ClearFault; while latched, the session's Steps are FAILED_PRECONDITION naming it.
 */
final class Fault {
    private final String message;
    private final boolean emergency;
    private final long latchedNanos = System.nanoTime();
    private volatile long actedNanos;

    private Fault(String message, boolean emergency) {
        this.message = message;
        this.emergency = emergency;
    }

    static Fault watchdog(String message) {
        return new Fault(message, false);
    }

    static Fault emergencyStop(String message) {
        return new Fault(message, true);
    }

    String message() {
        return message;
    }

    /** An emergency stop: the envs' hooks braked; an env-paced session stops ticking at once. */
    boolean emergency() {
        return emergency;
    }

    /** When it was latched, System.nanoTime(). */
    long latchedNanos() {
        return latchedNanos;
    }

    /** Records when the watchdog's action was taken. */
    void acted(long nanos) {
        actedNanos = nanos;
    }

    /** When the watchdog's action was taken (System.nanoTime()), or 0 if not yet. */
    long actedNanos() {
        return actedNanos;
    }
}
