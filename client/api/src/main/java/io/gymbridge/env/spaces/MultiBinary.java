package io.gymbridge.env.spaces;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Int8 tensors of 0s and 1s of a fixed shape, as {@code gymnasium.spaces.MultiBinary}. */
public final class MultiBinary implements Space<Tensor> {
    private final int[] shape;

    /** A MultiBinary of the given shape, e.g. {@code new MultiBinary(5)}. */
    public MultiBinary(int... shape) {
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(
                        "MultiBinary dimensions must be >= 1, got " + Arrays.toString(shape));
            }
        }
        this.shape = shape.clone();
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
        if (t.dtype().isFloating() || !Arrays.equals(t.shape(), shape)) {
            return Optional.of(
                    "expected int8"
                            + Arrays.toString(shape)
                            + " in "
                            + this
                            + ", got "
                            + t.describe());
        }
        for (int i = 0; i < t.size(); i++) {
            long v = t.getLong(i);
            if (v != 0 && v != 1) {
                String shown =
                        t.dtype() == DType.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
                return Optional.of("element [" + i + "] = " + shown + " is not 0 or 1, in " + this);
            }
        }
        return Optional.empty();
    }

    @Override
    public Tensor cast(Object value) {
        return ((Tensor) value).astype(DType.INT8);
    }

    @Override
    public Tensor sample(RandomGenerator rng) {
        Tensor zeros = Tensor.zeros(DType.INT8, shape);
        byte[] bits = new byte[zeros.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (byte) (rng.nextBoolean() ? 1 : 0);
        }
        return Tensor.wrap(DType.INT8, shape.clone(), bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiBinary m && Arrays.equals(shape, m.shape);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "MultiBinary("
                + (shape.length == 1 ? Integer.toString(shape[0]) : Spaces.pythonShape(shape))
                + ")";
    }
}
