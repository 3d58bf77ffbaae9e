package io.gymbridge.wire;

import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.vector.AutoresetMode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The Env API's enums on the wire, each an explicit table: the numbers are the protocol's, so they
 * never follow the order in which a Java enum declares its constants.
 *
 * <ul>
 *   <li>{@link DType} and {@code gymbridge.v1.DType};
 *   <li>{@link AutoresetMode} and {@code gymbridge.v1.AutoresetMode};
 *   <li>{@link EnvException.Code} and gRPC status code numbers ({@code google.rpc.Code}), as a
 *       unary call's status and a stream's {@code Error.code} carry them.
 * </ul>
 *
 * <p>Each Java-to-wire direction is a switch over every constant, so a constant added to a Java
 * enum does not compile until it has a number. Each wire-to-Java direction is derived from that
 * switch, so the two directions cannot disagree.
 */
public final class WireEnums {
    private WireEnums() {}

    // ---- dtypes ----

    /** The proto dtype of {@code dtype}. */
    public static io.gymbridge.proto.v1.DType toProto(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> io.gymbridge.proto.v1.DType.DTYPE_FLOAT32;
            case FLOAT64 -> io.gymbridge.proto.v1.DType.DTYPE_FLOAT64;
            case INT8 -> io.gymbridge.proto.v1.DType.DTYPE_INT8;
            case INT16 -> io.gymbridge.proto.v1.DType.DTYPE_INT16;
            case INT32 -> io.gymbridge.proto.v1.DType.DTYPE_INT32;
            case INT64 -> io.gymbridge.proto.v1.DType.DTYPE_INT64;
            case UINT8 -> io.gymbridge.proto.v1.DType.DTYPE_UINT8;
            case UINT16 -> io.gymbridge.proto.v1.DType.DTYPE_UINT16;
            case UINT32 -> io.gymbridge.proto.v1.DType.DTYPE_UINT32;
            case UINT64 -> io.gymbridge.proto.v1.DType.DTYPE_UINT64;
            case BOOL -> io.gymbridge.proto.v1.DType.DTYPE_BOOL;
        };
    }

    private static final Map<Integer, DType> DTYPES =
            byNumber(DType.class, d -> toProto(d).getNumber());

    /**
     * The dtype of a proto dtype number.
     *
     * @throws IllegalArgumentException for DTYPE_UNSPECIFIED (0) and numbers the protocol does not
     *     define, naming the constant or the number
     */
    public static DType dtypeOf(int number) {
        DType dtype = DTYPES.get(number);
        if (dtype == null) {
            io.gymbridge.proto.v1.DType known = io.gymbridge.proto.v1.DType.forNumber(number);
            throw new IllegalArgumentException(
                    "tensor dtype is unset or unknown ("
                            + (known != null ? known.name() : String.valueOf(number))
                            + ")");
        }
        return dtype;
    }

    // ---- autoreset modes ----

    /** The proto autoreset mode of {@code mode}. */
    public static io.gymbridge.proto.v1.AutoresetMode toProto(AutoresetMode mode) {
        return switch (mode) {
            case NEXT_STEP -> io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_NEXT_STEP;
            case SAME_STEP -> io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_SAME_STEP;
            case DISABLED -> io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_DISABLED;
        };
    }

    private static final Map<Integer, AutoresetMode> AUTORESET_MODES =
            byNumber(AutoresetMode.class, m -> toProto(m).getNumber());

    /**
     * The autoreset mode of a proto autoreset mode number; AUTORESET_MODE_UNSPECIFIED (0) is
     * NEXT_STEP, as the protocol says.
     *
     * @throws IllegalArgumentException for numbers the protocol does not define
     */
    public static AutoresetMode autoresetModeOf(int number) {
        if (number == io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_UNSPECIFIED_VALUE) {
            return AutoresetMode.NEXT_STEP;
        }
        AutoresetMode mode = AUTORESET_MODES.get(number);
        if (mode == null) {
            throw new IllegalArgumentException("unknown autoreset_mode " + number);
        }
        return mode;
    }

    // ---- status codes ----

    /** The gRPC status code number of {@code code} ({@code google.rpc.Code}). */
    public static int statusCode(EnvException.Code code) {
        return switch (code) {
            case OK -> 0;
            case CANCELLED -> 1;
            case UNKNOWN -> 2;
            case INVALID_ARGUMENT -> 3;
            case DEADLINE_EXCEEDED -> 4;
            case NOT_FOUND -> 5;
            case ALREADY_EXISTS -> 6;
            case PERMISSION_DENIED -> 7;
            case RESOURCE_EXHAUSTED -> 8;
            case FAILED_PRECONDITION -> 9;
            case ABORTED -> 10;
            case OUT_OF_RANGE -> 11;
            case UNIMPLEMENTED -> 12;
            case INTERNAL -> 13;
            case UNAVAILABLE -> 14;
            case DATA_LOSS -> 15;
            case UNAUTHENTICATED -> 16;
        };
    }

    private static final Map<Integer, EnvException.Code> CODES =
            byNumber(EnvException.Code.class, WireEnums::statusCode);

    /** The code of a gRPC status code number; numbers gRPC does not define are UNKNOWN. */
    public static EnvException.Code codeOf(int number) {
        return CODES.getOrDefault(number, EnvException.Code.UNKNOWN);
    }

    /** Inverts a table: each constant by its number, which must be its own. */
    private static <E extends Enum<E>> Map<Integer, E> byNumber(
            Class<E> type, ToIntFunction<E> number) {
        Map<Integer, E> out = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            E clash = out.put(number.applyAsInt(e), e);
            if (clash != null) {
                throw new AssertionError(
                        clash + " and " + e + " have the same wire number " + number.applyAsInt(e));
            }
        }
        return Map.copyOf(out);
    }
}
