package io.gymbridge.env.spaces;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Int64 tensors whose element i lies in {@code {start[i], ..., start[i] + nvec[i] - 1}}, as {@code
 * gymnasium.spaces.MultiDiscrete}.
 */
public final class MultiDiscrete implements Space<Tensor> {
    private final int[] shape;
    private final long[] nvec;
    private final long[] start;

    private MultiDiscrete(int[] shape, long[] nvec, long[] start) {
        this.shape = shape;
        this.nvec = nvec;
        this.start = start;
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] < 1) {
                throw new IllegalArgumentException(
                        "MultiDiscrete nvec[" + i + "] must be >= 1, got " + nvec[i]);
            }
        }
    }

    /** A 1-D MultiDiscrete with the given numbers of values, starting at 0. */
    public static MultiDiscrete of(long... nvec) {
        return new MultiDiscrete(new int[] {nvec.length}, nvec.clone(), new long[nvec.length]);
    }

    /** A MultiDiscrete of any shape; {@code nvec} and {@code start} are row-major. */
    public static MultiDiscrete of(int[] shape, long[] nvec, long[] start) {
        int n = Tensor.zeros(DType.INT8, shape).size();
        if (nvec.length != n || start.length != n) {
            throw new IllegalArgumentException(
                    "MultiDiscrete of shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + n
                            + " nvec and start values");
        }
        return new MultiDiscrete(shape.clone(), nvec.clone(), start.clone());
    }

    /** A copy of the numbers of values, row-major. */
    public long[] nvec() {
        return nvec.clone();
    }

    /** A copy of the smallest values, row-major. */
    public long[] start() {
        return start.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public Optional<String> mismatch(Object value) {
        if (!(value instanceof Tensor t)) {
            return Optional.of("expected a tensor in " + this + ", got " + Spaces.describe(value));
        }
        if (t.dtype().isFloating() || t.dtype() == DType.BOOL || !Arrays.equals(t.shape(), shape)) {
            return Optional.of(
                    "expected int64"
                            + Arrays.toString(shape)
                            + " in "
                            + this
                            + ", got "
                            + t.describe());
        }
        boolean unsigned64 = t.dtype() == DType.UINT64;
        for (int i = 0; i < nvec.length; i++) {
            long v = t.getLong(i);
            if (unsigned64 && v < 0) { // above 2^63 - 1, outside any MultiDiscrete
                return Optional.of(
                        "element ["
                                + i
                                + "] = "
                                + Long.toUnsignedString(v)
                                + " is outside "
                                + this);
            }
            if (v < start[i] || v >= start[i] + nvec[i]) {
                return Optional.of("element [" + i + "] = " + v + " is outside " + this);
            }
        }
        return Optional.empty();
    }

    @Override
    public Tensor cast(Object value) {
        return ((Tensor) value).astype(DType.INT64);
    }

    @Override
    public Tensor sample(RandomGenerator rng) {
        long[] values = new long[nvec.length];
        for (int i = 0; i < nvec.length; i++) {
            values[i] = start[i] + rng.nextLong(nvec[i]);
        }
        return Tensor.wrap(DType.INT64, shape.clone(), values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m
                && Arrays.equals(shape, m.shape)
                && Arrays.equals(nvec, m.nvec)
                && Arrays.equals(start, m.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MultiDiscrete([");
        for (int i = 0; i < nvec.length; i++) {
            sb.append(i == 0 ? "" : " ").append(nvec[i]);
        }
        sb.append("]");
        if (Arrays.stream(start).anyMatch(s -> s != 0)) {
            sb.append(", start=").append(Arrays.toString(start));
        }
        return sb.append(")").toString();
    }
}
