package io.gymbridge.env.spaces;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The integers {@code {start, start + 1, ..., start + n - 1}}, as {@code
 * gymnasium.spaces.Discrete}.
 *
 * @param n the number of elements, at least 1
 * @param start the smallest element
 */
public record Discrete(int n, int start) implements Space<Integer> {

    /** Validates the bounds. */
    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete needs n >= 1, got " + n);
        }
    }

    /** {@code Discrete(n)} starting at 0. */
    public Discrete(int n) {
        this(n, 0);
    }

    @Override
    public Optional<String> mismatch(Object value) {
        if (!(value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte)) {
            return Optional.of(
                    "expected an integer in " + this + ", got " + Spaces.describe(value));
        }
        long v = ((Number) value).longValue();
        if (v < start || v >= (long) start + n) {
            return Optional.of(v + " is outside " + this);
        }
        return Optional.empty();
    }

    @Override
    public Integer cast(Object value) {
        return ((Number) value).intValue();
    }

    @Override
    public Integer sample(RandomGenerator rng) {
        return start + rng.nextInt(n);
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
