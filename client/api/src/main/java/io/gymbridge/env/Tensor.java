package io.gymbridge.env;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable dense n-dimensional array: a dtype, a shape and the elements in row-major order.
 *
 * <p>Observations and actions of Box, MultiDiscrete and MultiBinary spaces are tensors, as are
 * NumPy arrays and scalars in infos. The elements live in the primitive array of the dtype's width
 * (see {@link DType}); factories copy their input, except {@link #wrap}, which takes ownership for
 * the hot path of envs that build a fresh array every step.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final Object data;
    private final int size;

    private Tensor(DType dtype, int[] shape, Object data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape;
        this.data = data;
        this.size = sizeOf(shape);
        int length = java.lang.reflect.Array.getLength(data);
        if (length != size) {
            throw new IllegalArgumentException(
                    "tensor of shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + size
                            + " elements, got "
                            + length);
        }
    }

    /** A 1-D float32 tensor of the given values. */
    public static Tensor of(float... values) {
        return new Tensor(DType.FLOAT32, new int[] {values.length}, values.clone());
    }

    /** A 1-D float64 tensor of the given values. */
    public static Tensor of(double... values) {
        return new Tensor(DType.FLOAT64, new int[] {values.length}, values.clone());
    }

    /** A 1-D int64 tensor of the given values. */
    public static Tensor ofLongs(long... values) {
        return new Tensor(DType.INT64, new int[] {values.length}, values.clone());
    }

    /**
     * A tensor of the given dtype and shape holding a copy of {@code array}, which must be the
     * primitive array type of the dtype (see {@link DType}) with product(shape) elements.
     *
     * @throws IllegalArgumentException if the array type or length does not fit
     */
    public static Tensor of(DType dtype, int[] shape, Object array) {
        return wrap(dtype, shape.clone(), copyOf(array));
    }

    /**
     * Like {@link #of(DType, int[], Object)} but without copying: the tensor takes ownership of
     * {@code shape} and {@code array}, and the caller must never change them afterwards.
     */
    public static Tensor wrap(DType dtype, int[] shape, Object array) {
        checkArrayType(dtype, array);
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in " + Arrays.toString(shape));
            }
        }
        return new Tensor(dtype, shape, array);
    }

    /** A tensor of the given dtype and shape with every element set to {@code value}. */
    public static Tensor full(DType dtype, int[] shape, double value) {
        int n = sizeOf(shape);
        Object array = newArray(dtype, n);
        for (int i = 0; i < n; i++) {
            set(dtype, array, i, value);
        }
        return new Tensor(dtype, shape.clone(), array);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        return new Tensor(dtype, shape.clone(), newArray(dtype, sizeOf(shape)));
    }

    /**
     * Stacks tensors of equal dtype and shape along a new leading axis: n tensors of shape S give
     * one of shape [n, S...], as {@code numpy.stack} does.
     */
    public static Tensor stack(List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cannot stack zero tensors");
        }
        Tensor first = tensors.get(0);
        int[] shape = new int[first.shape.length + 1];
        shape[0] = tensors.size();
        System.arraycopy(first.shape, 0, shape, 1, first.shape.length);
        Object array = newArray(first.dtype, first.size * tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dtype != first.dtype || !Arrays.equals(t.shape, first.shape)) {
                throw new IllegalArgumentException(
                        "cannot stack " + t.describe() + " with " + first.describe());
            }
            System.arraycopy(t.data, 0, array, i * first.size, first.size);
        }
        return new Tensor(first.dtype, shape, array);
    }

    /**
     * Reads a tensor from its packed little-endian bytes (the wire format of gymbridge.v1).
     *
     * @throws IllegalArgumentException if the number of remaining bytes is not size * itemsize
     */
    public static Tensor fromLittleEndian(DType dtype, int[] shape, ByteBuffer bytes) {
        int n = sizeOf(shape);
        long expected = (long) n * dtype.itemSize();
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException(
                    "a "
                            + dtype.numpyName()
                            + " tensor of shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + expected
                            + " bytes of data, got "
                            + bytes.remaining());
        }
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        Object array = newArray(dtype, n);
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get((float[]) array);
            case FLOAT64 -> b.asDoubleBuffer().get((double[]) array);
            case INT8, UINT8, BOOL -> b.get((byte[]) array);
            case INT16, UINT16 -> b.asShortBuffer().get((short[]) array);
            case INT32, UINT32 -> b.asIntBuffer().get((int[]) array);
            case INT64, UINT64 -> b.asLongBuffer().get((long[]) array);
        }
        return new Tensor(dtype, shape.clone(), array);
    }

    /** Writes the elements, packed little-endian, into {@code out} (which it advances). */
    public void writeLittleEndian(ByteBuffer out) {
        ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().put((float[]) data);
            case FLOAT64 -> b.asDoubleBuffer().put((double[]) data);
            case INT8, UINT8, BOOL -> b.put((byte[]) data);
            case INT16, UINT16 -> b.asShortBuffer().put((short[]) data);
            case INT32, UINT32 -> b.asIntBuffer().put((int[]) data);
            case INT64, UINT64 -> b.asLongBuffer().put((long[]) data);
        }
        out.position(out.position() + byteSize());
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape, outermost dimension first; empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Number of bytes of the packed elements. */
    public int byteSize() {
        return size * dtype.itemSize();
    }

    /** Element {@code i} in row-major order, converted to double (unsigned types as unsigned). */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT8 -> ((byte[]) data)[i];
            case UINT8, BOOL -> ((byte[]) data)[i] & 0xFF;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFFFFFFL;
            case INT64 -> ((long[]) data)[i];
            case UINT64 -> unsignedToDouble(((long[]) data)[i]);
        };
    }

    /** Element {@code i} in row-major order as a float. */
    public float getFloat(int i) {
        return dtype == DType.FLOAT32 ? ((float[]) data)[i] : (float) getDouble(i);
    }

    /**
     * Element {@code i} in row-major order as a long: integers exactly (UINT64 as its bit pattern),
     * floating values truncated toward zero.
     */
    public long getLong(int i) {
        return switch (dtype) {
            case FLOAT32 -> (long) ((float[]) data)[i];
            case FLOAT64 -> (long) ((double[]) data)[i];
            case INT8 -> ((byte[]) data)[i];
            case UINT8, BOOL -> ((byte[]) data)[i] & 0xFF;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFFFFFFL;
            case INT64, UINT64 -> ((long[]) data)[i];
        };
    }

    /** The elements converted to float. */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) {
            return ((float[]) data).clone();
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** The elements converted to double. */
    public double[] toDoubleArray() {
        if (dtype == DType.FLOAT64) {
            return ((double[]) data).clone();
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** The elements converted to long (see {@link #getLong}). */
    public long[] toLongArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** The elements as an int array (see {@link #getLong}), for small integer tensors. */
    public int[] toIntArray() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = Math.toIntExact(getLong(i));
        }
        return out;
    }

    /** A copy of the backing primitive array (see {@link DType} for its type). */
    public Object toArray() {
        return copyOf(data);
    }

    /** The same elements with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        if (sizeOf(newShape) != size) {
            throw new IllegalArgumentException(
                    "cannot reshape " + describe() + " to " + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape.clone(), data);
    }

    /** Row {@code i} along the leading axis: shape [n, S...] gives shape [S...]. */
    public Tensor get(int i) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("cannot index a scalar tensor");
        }
        Objects.checkIndex(i, shape[0]);
        int[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        int rowSize = sizeOf(rowShape);
        Object row = newArray(dtype, rowSize);
        System.arraycopy(data, i * rowSize, row, 0, rowSize);
        return new Tensor(dtype, rowShape, row);
    }

    /** The same values converted to another dtype (floats to integers truncate toward zero). */
    public Tensor astype(DType target) {
        if (target == dtype) {
            return this;
        }
        Object array = newArray(target, size);
        for (int i = 0; i < size; i++) {
            if (target.isFloating() || dtype.isFloating()) {
                set(target, array, i, getDouble(i));
            } else {
                setLong(target, array, i, getLong(i));
            }
        }
        return new Tensor(target, shape, array);
    }

    /** "float32[4]"-style description of dtype and shape, for error messages. */
    public String describe() {
        return dtype.numpyName() + Arrays.toString(shape);
    }

    /**
     * Equal dtype, shape and elements, compared bit for bit as {@link Arrays#equals(float[],
     * float[])} does: NaN equals NaN and 0.0 differs from -0.0, unlike NumPy's {@code ==}.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor t)) {
            return false;
        }
        return dtype == t.dtype && Arrays.equals(shape, t.shape) && arrayEquals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), arrayHash(data));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(describe()).append(' ');
        int shown = Math.min(size, 16);
        sb.append('[');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ");
            sb.append(
                    switch (dtype) {
                        case FLOAT32 -> Float.toString(getFloat(i));
                        case FLOAT64 -> Double.toString(getDouble(i));
                        case UINT64 -> Long.toUnsignedString(getLong(i));
                        default -> Long.toString(getLong(i));
                    });
        }
        return sb.append(size > shown ? ", ...])" : "])").toString();
    }

    static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
            }
        }
        return (int) n;
    }

    /** A new zeroed primitive array of the dtype's Java type. */
    static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT8, UINT8, BOOL -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case INT64, UINT64 -> new long[n];
        };
    }

    private static void set(DType dtype, Object array, int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case INT8, UINT8, BOOL -> ((byte[]) array)[i] = (byte) (long) v;
            case INT16, UINT16 -> ((short[]) array)[i] = (short) (long) v;
            case INT32, UINT32 -> ((int[]) array)[i] = (int) (long) v;
            case INT64, UINT64 -> ((long[]) array)[i] = (long) v;
        }
    }

    private static void setLong(DType dtype, Object array, int i, long v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case INT8, UINT8, BOOL -> ((byte[]) array)[i] = (byte) v;
            case INT16, UINT16 -> ((short[]) array)[i] = (short) v;
            case INT32, UINT32 -> ((int[]) array)[i] = (int) v;
            case INT64, UINT64 -> ((long[]) array)[i] = v;
        }
    }

    private static void checkArrayType(DType dtype, Object array) {
        Class<?> expected = newArray(dtype, 0).getClass();
        if (array == null || array.getClass() != expected) {
            throw new IllegalArgumentException(
                    dtype.numpyName()
                            + " tensor needs a "
                            + expected.getSimpleName()
                            + ", got "
                            + (array == null ? "null" : array.getClass().getSimpleName()));
        }
    }

    private static Object copyOf(Object array) {
        if (array instanceof float[] a) {
            return a.clone();
        } else if (array instanceof double[] a) {
            return a.clone();
        } else if (array instanceof byte[] a) {
            return a.clone();
        } else if (array instanceof short[] a) {
            return a.clone();
        } else if (array instanceof int[] a) {
            return a.clone();
        } else if (array instanceof long[] a) {
            return a.clone();
        }
        throw new IllegalArgumentException("not a primitive numeric array: " + array);
    }

    private static boolean arrayEquals(Object a, Object b) {
        if (a instanceof float[] x) {
            return Arrays.equals(x, (float[]) b);
        } else if (a instanceof double[] x) {
            return Arrays.equals(x, (double[]) b);
        } else if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        } else if (a instanceof short[] x) {
            return Arrays.equals(x, (short[]) b);
        } else if (a instanceof int[] x) {
            return Arrays.equals(x, (int[]) b);
        }
        return Arrays.equals((long[]) a, (long[]) b);
    }

    private static int arrayHash(Object a) {
        if (a instanceof float[] x) {
            return Arrays.hashCode(x);
        } else if (a instanceof double[] x) {
            return Arrays.hashCode(x);
        } else if (a instanceof byte[] x) {
            return Arrays.hashCode(x);
        } else if (a instanceof short[] x) {
            return Arrays.hashCode(x);
        } else if (a instanceof int[] x) {
            return Arrays.hashCode(x);
        }
        return Arrays.hashCode((long[]) a);
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }
}
