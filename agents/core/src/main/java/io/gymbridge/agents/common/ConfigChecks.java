package io.gymbridge.agents.common;

/** Checks of config values that name the parameter, in Spinning Up's snake_case. */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** Requires {@code value >= 1}. */
    public static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** Requires {@code value >= 0}. */
    public static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Requires a finite {@code value > 0}. */
    public static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    /** Requires {@code low <= value <= high}. */
    public static void inRange(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException(
                    name + " must be in [" + low + ", " + high + "], got " + value);
        }
    }

    /** Requires a non-null value. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be given");
        }
        return value;
    }
}
