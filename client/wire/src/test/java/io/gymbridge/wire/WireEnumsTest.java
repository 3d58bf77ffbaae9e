package io.gymbridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException.Code;
import io.gymbridge.env.vector.AutoresetMode;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins every constant of every enum that crosses the wire to its protocol constant and number, both
 * ways. A constant added to a Java enum, or to a proto enum, fails here until it is pinned.
 */
class WireEnumsTest {
    /** The protocol's dtypes (values.proto), by the Java dtype of the same meaning. */
    private static final Map<DType, io.gymbridge.proto.v1.DType> DTYPES = new LinkedHashMap<>();

    /** The numbers of values.proto's dtypes. */
    private static final Map<DType, Integer> DTYPE_NUMBERS = new LinkedHashMap<>();

    static {
        pin(DType.FLOAT32, io.gymbridge.proto.v1.DType.DTYPE_FLOAT32, 1);
        pin(DType.FLOAT64, io.gymbridge.proto.v1.DType.DTYPE_FLOAT64, 2);
        pin(DType.INT8, io.gymbridge.proto.v1.DType.DTYPE_INT8, 3);
        pin(DType.INT16, io.gymbridge.proto.v1.DType.DTYPE_INT16, 4);
        pin(DType.INT32, io.gymbridge.proto.v1.DType.DTYPE_INT32, 5);
        pin(DType.INT64, io.gymbridge.proto.v1.DType.DTYPE_INT64, 6);
        pin(DType.UINT8, io.gymbridge.proto.v1.DType.DTYPE_UINT8, 7);
        pin(DType.UINT16, io.gymbridge.proto.v1.DType.DTYPE_UINT16, 8);
        pin(DType.UINT32, io.gymbridge.proto.v1.DType.DTYPE_UINT32, 9);
        pin(DType.UINT64, io.gymbridge.proto.v1.DType.DTYPE_UINT64, 10);
        pin(DType.BOOL, io.gymbridge.proto.v1.DType.DTYPE_BOOL, 11);
    }

    private static void pin(DType dtype, io.gymbridge.proto.v1.DType proto, int number) {
        DTYPES.put(dtype, proto);
        DTYPE_NUMBERS.put(dtype, number);
    }

    /** env_service.proto's autoreset modes. */
    private static final Map<AutoresetMode, io.gymbridge.proto.v1.AutoresetMode> MODES =
            Map.of(
                    AutoresetMode.NEXT_STEP,
                    io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_NEXT_STEP,
                    AutoresetMode.SAME_STEP,
                    io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_SAME_STEP,
                    AutoresetMode.DISABLED,
                    io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_DISABLED);

    /** The numbers of env_service.proto's autoreset modes. */
    private static final Map<AutoresetMode, Integer> MODE_NUMBERS =
            Map.of(
                    AutoresetMode.NEXT_STEP,
                    1,
                    AutoresetMode.SAME_STEP,
                    2,
                    AutoresetMode.DISABLED,
                    3);

    /** gRPC's status code numbers (google.rpc.Code). */
    private static final Map<Code, Integer> CODES = new LinkedHashMap<>();

    static {
        CODES.put(Code.OK, 0);
        CODES.put(Code.CANCELLED, 1);
        CODES.put(Code.UNKNOWN, 2);
        CODES.put(Code.INVALID_ARGUMENT, 3);
        CODES.put(Code.DEADLINE_EXCEEDED, 4);
        CODES.put(Code.NOT_FOUND, 5);
        CODES.put(Code.ALREADY_EXISTS, 6);
        CODES.put(Code.PERMISSION_DENIED, 7);
        CODES.put(Code.RESOURCE_EXHAUSTED, 8);
        CODES.put(Code.FAILED_PRECONDITION, 9);
        CODES.put(Code.ABORTED, 10);
        CODES.put(Code.OUT_OF_RANGE, 11);
        CODES.put(Code.UNIMPLEMENTED, 12);
        CODES.put(Code.INTERNAL, 13);
        CODES.put(Code.UNAVAILABLE, 14);
        CODES.put(Code.DATA_LOSS, 15);
        CODES.put(Code.UNAUTHENTICATED, 16);
    }

    // ---- dtypes ----

    @Test
    void pins_coverEveryDType() {
        assertEquals(EnumSet.allOf(DType.class), DTYPES.keySet());
    }

    @Test
    void toProto_everyDType_isItsPinnedConstantAndNumber() {
        for (DType d : DType.values()) {
            assertEquals(DTYPES.get(d), WireEnums.toProto(d), d.name());
            assertEquals(DTYPE_NUMBERS.get(d), WireEnums.toProto(d).getNumber(), d.name());
        }
    }

    @Test
    void dtypeOf_everyPinnedNumber_isItsDType() {
        for (DType d : DType.values()) {
            assertEquals(d, WireEnums.dtypeOf(DTYPE_NUMBERS.get(d)), d.name());
        }
    }

    @Test
    void dtypeOf_everyProtoDType_hasAJavaDType() {
        for (io.gymbridge.proto.v1.DType p : io.gymbridge.proto.v1.DType.values()) {
            if (p != io.gymbridge.proto.v1.DType.DTYPE_UNSPECIFIED
                    && p != io.gymbridge.proto.v1.DType.UNRECOGNIZED) {
                assertEquals(p, WireEnums.toProto(WireEnums.dtypeOf(p.getNumber())), p.name());
            }
        }
    }

    @Test
    void dtypeOf_unspecified_failsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> WireEnums.dtypeOf(0));

        assertEquals("tensor dtype is unset or unknown (DTYPE_UNSPECIFIED)", e.getMessage());
    }

    @Test
    void dtypeOf_unknownNumber_failsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> WireEnums.dtypeOf(99));

        assertEquals("tensor dtype is unset or unknown (99)", e.getMessage());
    }

    // ---- autoreset modes ----

    @Test
    void pins_coverEveryAutoresetMode() {
        assertEquals(EnumSet.allOf(AutoresetMode.class), MODES.keySet());
        assertEquals(EnumSet.allOf(AutoresetMode.class), MODE_NUMBERS.keySet());
    }

    @Test
    void toProto_everyAutoresetMode_isItsPinnedConstantAndNumber() {
        for (AutoresetMode m : AutoresetMode.values()) {
            assertEquals(MODES.get(m), WireEnums.toProto(m), m.name());
            assertEquals(MODE_NUMBERS.get(m), WireEnums.toProto(m).getNumber(), m.name());
        }
    }

    @Test
    void autoresetModeOf_everyPinnedNumber_isItsMode() {
        for (AutoresetMode m : AutoresetMode.values()) {
            assertEquals(m, WireEnums.autoresetModeOf(MODE_NUMBERS.get(m)), m.name());
        }
    }

    @Test
    void autoresetModeOf_everyProtoMode_hasAJavaMode() {
        for (io.gymbridge.proto.v1.AutoresetMode p : io.gymbridge.proto.v1.AutoresetMode.values()) {
            if (p != io.gymbridge.proto.v1.AutoresetMode.AUTORESET_MODE_UNSPECIFIED
                    && p != io.gymbridge.proto.v1.AutoresetMode.UNRECOGNIZED) {
                assertEquals(
                        p, WireEnums.toProto(WireEnums.autoresetModeOf(p.getNumber())), p.name());
            }
        }
    }

    @Test
    void autoresetModeOf_unspecified_isNextStep() {
        assertEquals(AutoresetMode.NEXT_STEP, WireEnums.autoresetModeOf(0));
    }

    @Test
    void autoresetModeOf_unknownNumber_failsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> WireEnums.autoresetModeOf(9));

        assertEquals("unknown autoreset_mode 9", e.getMessage());
    }

    // ---- status codes ----

    @Test
    void pins_coverEveryCode() {
        assertEquals(EnumSet.allOf(Code.class), CODES.keySet());
    }

    @Test
    void statusCode_everyCode_isItsPinnedNumber() {
        for (Code c : Code.values()) {
            assertEquals(CODES.get(c), WireEnums.statusCode(c), c.name());
        }
    }

    @Test
    void statusCode_everyCode_isGrpcsNumberOfTheSameName() {
        for (Code c : Code.values()) {
            assertEquals(Status.Code.valueOf(c.name()).value(), WireEnums.statusCode(c), c.name());
        }
    }

    @Test
    void codeOf_everyGrpcCode_isTheCodeOfTheSameName() {
        for (Status.Code g : Status.Code.values()) {
            assertEquals(g.name(), WireEnums.codeOf(g.value()).name());
        }
        assertEquals(Status.Code.values().length, Code.values().length);
    }

    @Test
    void codeOf_numberOutsideGrpcs_isUnknown() {
        assertEquals(Code.UNKNOWN, WireEnums.codeOf(17));
        assertEquals(Code.UNKNOWN, WireEnums.codeOf(-1));
    }

    @Test
    void codeOf_everyPinnedNumber_isItsCode() {
        Set<Integer> seen = new HashSet<>();
        for (Code c : Code.values()) {
            assertEquals(c, WireEnums.codeOf(CODES.get(c)), c.name());
            seen.add(CODES.get(c));
        }
        assertEquals(Code.values().length, seen.size());
    }
}
