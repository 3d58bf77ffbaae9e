package io.gymbridge.env;

/**
 * Element type of a {@link Tensor} or a Box space, named as NumPy names them.
 *
 * <p>Each dtype is stored in the Java primitive array of the same width: {@code float[]} for
 * FLOAT32, {@code double[]} for FLOAT64, {@code byte[]} for INT8, UINT8 and BOOL, {@code short[]}
 * for INT16 and UINT16, {@code int[]} for INT32 and UINT32, {@code long[]} for INT64 and UINT64.
 * Unsigned values are kept in their two's-complement bit pattern, as Java does.
 */
public enum DType {
    /** IEEE 754 binary32. */
    FLOAT32(4, true),
    /** IEEE 754 binary64. */
    FLOAT64(8, true),
    /** Signed 8-bit integer. */
    INT8(1, false),
    /** Signed 16-bit integer. */
    INT16(2, false),
    /** Signed 32-bit integer. */
    INT32(4, false),
    /** Signed 64-bit integer. */
    INT64(8, false),
    /** Unsigned 8-bit integer. */
    UINT8(1, false),
    /** Unsigned 16-bit integer. */
    UINT16(2, false),
    /** Unsigned 32-bit integer. */
    UINT32(4, false),
    /** Unsigned 64-bit integer. */
    UINT64(8, false),
    /** Boolean, one byte per element, 0 or 1. */
    BOOL(1, false);

    private final int itemSize;
    private final boolean floating;

    DType(int itemSize, boolean floating) {
        this.itemSize = itemSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for FLOAT32 and FLOAT64. */
    public boolean isFloating() {
        return floating;
    }

    /** NumPy's name of the dtype, e.g. {@code float32}. */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The smallest value of an integer dtype, as a double (-inf for floating dtypes). */
    public double minValue() {
        return switch (this) {
            case FLOAT32, FLOAT64 -> Double.NEGATIVE_INFINITY;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case UINT8, UINT16, UINT32, UINT64, BOOL -> 0;
        };
    }

    /** The largest value of an integer dtype, as a double (+inf for floating dtypes). */
    public double maxValue() {
        return switch (this) {
            case FLOAT32, FLOAT64 -> Double.POSITIVE_INFINITY;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case UINT8 -> 255;
            case UINT16 -> 65535;
            case UINT32 -> 4294967295.0;
            case UINT64 -> 18446744073709551615.0;
            case BOOL -> 1;
        };
    }
}
