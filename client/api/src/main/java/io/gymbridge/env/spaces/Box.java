package io.gymbridge.env.spaces;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A (possibly unbounded) box in R^n, as {@code gymnasium.spaces.Box}: tensors of one dtype and
 * shape whose element i lies in {@code [low[i], high[i]]}. Bounds may be infinite.
 *
 * <p>As actions, Box values outside the bounds are accepted ({@link #actionMismatch}): Gymnasium's
 * envs clip them, and so do ours. Use the ClipAction wrapper to clip on the agent's side.
 */
public final class Box implements Space<Tensor> {
    private final DType dtype;
    private final int[] shape;
    private final double[] low;
    private final double[] high;

    private Box(DType dtype, int[] shape, double[] low, double[] high) {
        this.dtype = dtype;
        this.shape = shape;
        this.low = low;
        this.high = high;
        for (int i = 0; i < low.length; i++) {
            if (dtype == DType.FLOAT32) {
                // As Gymnasium casts its bounds to the dtype: -4.8 becomes -4.8f, so that a float32
                // observation at the bound is inside the box.
                low[i] = (float) low[i];
                high[i] = (float) high[i];
            }
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException(
                        "Box bounds ["
                                + i
                                + "] must satisfy low <= high, got "
                                + low[i]
                                + " > "
                                + high[i]);
            }
        }
    }

    /** A box of the given shape with the same bounds for every element. */
    public static Box of(double low, double high, DType dtype, int... shape) {
        int n = sizeOf(shape);
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(dtype, shape.clone(), lo, hi);
    }

    /** A box with per-element bounds; its shape is [low.length]. */
    public static Box of(double[] low, double[] high, DType dtype) {
        return of(low, high, dtype, low.length);
    }

    /** A box with per-element bounds (row-major, product(shape) of each). */
    public static Box of(double[] low, double[] high, DType dtype, int... shape) {
        int n = sizeOf(shape);
        if (low.length != n || high.length != n) {
            throw new IllegalArgumentException(
                    "Box of shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + n
                            + " bounds, got low "
                            + low.length
                            + ", high "
                            + high.length);
        }
        return new Box(dtype, shape.clone(), low.clone(), high.clone());
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements of a value. */
    public int size() {
        return low.length;
    }

    /** A copy of the lower bounds, row-major. */
    public double[] low() {
        return low.clone();
    }

    /** A copy of the upper bounds, row-major. */
    public double[] high() {
        return high.clone();
    }

    /** Lower bound of element i. */
    public double low(int i) {
        return low[i];
    }

    /** Upper bound of element i. */
    public double high(int i) {
        return high[i];
    }

    /** True if every bound is finite. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<String> mismatch(Object value) {
        Optional<String> type = typeMismatch(value);
        if (type.isPresent()) {
            return type;
        }
        Tensor t = (Tensor) value;
        for (int i = 0; i < low.length; i++) {
            double v = t.getDouble(i);
            if (Double.isNaN(v) || v < low[i] || v > high[i]) {
                return Optional.of(
                        "element "
                                + index(i)
                                + " = "
                                + v
                                + " is outside ["
                                + low[i]
                                + ", "
                                + high[i]
                                + "] of "
                                + this);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> actionMismatch(Object value) {
        Optional<String> type = typeMismatch(value);
        if (type.isPresent()) {
            return type;
        }
        Tensor t = (Tensor) value;
        if (dtype.isFloating()) {
            for (int i = 0; i < low.length; i++) {
                double v = t.getDouble(i);
                if (!Double.isFinite(v)) {
                    return Optional.of(
                            "element " + index(i) + " = " + v + " is not finite, in " + this);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> typeMismatch(Object value) {
        if (!(value instanceof Tensor t)) {
            return Optional.of("expected a tensor in " + this + ", got " + Spaces.describe(value));
        }
        if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            return Optional.of(
                    "expected "
                            + dtype.numpyName()
                            + Arrays.toString(shape)
                            + " in "
                            + this
                            + ", got "
                            + t.describe());
        }
        return Optional.empty();
    }

    @Override
    public Tensor cast(Object value) {
        return (Tensor) value;
    }

    /**
     * Samples as Gymnasium does: uniform on bounded elements, normal on unbounded ones, shifted
     * exponential on half-bounded ones; integer dtypes floor a uniform draw on [low, high + 1).
     */
    @Override
    public Tensor sample(RandomGenerator rng) {
        double[] values = new double[low.length];
        for (int i = 0; i < low.length; i++) {
            double lo = low[i];
            double hi = dtype.isFloating() ? high[i] : high[i] + 1;
            boolean lowFinite = Double.isFinite(lo);
            boolean highFinite = Double.isFinite(hi);
            if (lowFinite && highFinite) {
                values[i] = lo + (hi - lo) * rng.nextDouble();
            } else if (lowFinite) {
                values[i] = lo + rng.nextExponential();
            } else if (highFinite) {
                values[i] = hi - rng.nextExponential();
            } else {
                values[i] = rng.nextGaussian();
            }
            if (!dtype.isFloating()) {
                values[i] = Math.min(Math.floor(values[i]), high[i]);
            }
        }
        return Tensor.of(DType.FLOAT64, shape, values).astype(dtype);
    }

    private String index(int flat) {
        if (shape.length <= 1) {
            return "[" + flat + "]";
        }
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b
                && dtype == b.dtype
                && Arrays.equals(shape, b.shape)
                && Arrays.equals(low, b.low)
                && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    /** Gymnasium's form, e.g. {@code Box(-2.0, 2.0, (1,), float32)}. */
    @Override
    public String toString() {
        return "Box("
                + bound(low, dtype)
                + ", "
                + bound(high, dtype)
                + ", "
                + Spaces.pythonShape(shape)
                + ", "
                + dtype.numpyName()
                + ")";
    }

    /** A bound as NumPy prints an element of the box's dtype: 4.8 for float32, not 4.8000002. */
    private static String number(double v, DType dtype) {
        if (Double.isInfinite(v)) {
            return Spaces.pythonFloat(v);
        }
        if (dtype == DType.FLOAT32) {
            return Float.toString((float) v);
        }
        return dtype.isFloating() ? Double.toString(v) : Long.toString((long) v);
    }

    private static String bound(double[] b, DType dtype) {
        boolean same = b.length > 0 && Arrays.stream(b).allMatch(v -> v == b[0]);
        if (same) {
            return number(b[0], dtype);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : " ").append(number(b[i], dtype));
        }
        return sb.append(']').toString();
    }
}
