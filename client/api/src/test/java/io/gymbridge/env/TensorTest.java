package io.gymbridge.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorTest {

    @Test
    void of_floats_copiesInput() {
        float[] values = {1, 2, 3};
        Tensor t = Tensor.of(values);
        values[0] = 99;

        assertEquals(1f, t.getFloat(0));
        assertArrayEquals(new int[] {3}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
    }

    @Test
    void of_dtypeShapeArray_copiesArrayAndShape() {
        int[] shape = {2, 2};
        long[] values = {1, 2, 3, 4};
        Tensor t = Tensor.of(DType.INT64, shape, values);
        values[3] = 99;
        shape[0] = 4;

        assertEquals(4, t.getLong(3));
        assertArrayEquals(new int[] {2, 2}, t.shape());
    }

    @Test
    void wrap_array_sharesItWithoutCopying() {
        double[] values = {1, 2};
        Tensor t = Tensor.wrap(DType.FLOAT64, new int[] {2}, values);
        values[1] = 7;

        assertEquals(7.0, t.getDouble(1));
    }

    @Test
    void accessors_returnCopies() {
        Tensor t = Tensor.of(1.0, 2.0);
        t.shape()[0] = 5;
        ((double[]) t.toArray())[0] = 5;
        t.toDoubleArray()[1] = 5;

        assertEquals(Tensor.of(1.0, 2.0), t);
    }

    @Test
    void wrap_wrongArrayType_throwsNamingBothTypes() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tensor.wrap(DType.FLOAT32, new int[] {1}, new double[] {1}));

        assertTrue(e.getMessage().contains("float[]"), e.getMessage());
        assertTrue(e.getMessage().contains("double[]"), e.getMessage());
    }

    @Test
    void of_wrongElementCount_throwsNamingShapeAndCount() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tensor.of(DType.INT32, new int[] {2, 3}, new int[5]));

        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 6 elements, got 5"), e.getMessage());
    }

    @Test
    void fullAndZeros_fillEveryElement() {
        Tensor full = Tensor.full(DType.INT16, new int[] {2, 3}, -7);
        Tensor zeros = Tensor.zeros(DType.UINT8, 4);

        assertArrayEquals(new long[] {-7, -7, -7, -7, -7, -7}, full.toLongArray());
        assertArrayEquals(new long[] {0, 0, 0, 0}, zeros.toLongArray());
        assertEquals(6, full.size());
        assertEquals(12, full.byteSize());
        assertEquals(2, full.rank());
        assertEquals(3, full.dim(1));
    }

    @Test
    void stack_equalTensors_addsLeadingAxisAndGetReturnsRows() {
        Tensor a = Tensor.of(1f, 2f);
        Tensor b = Tensor.of(3f, 4f);
        Tensor c = Tensor.of(5f, 6f);
        Tensor stacked = Tensor.stack(List.of(a, b, c));

        assertArrayEquals(new int[] {3, 2}, stacked.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, stacked.toFloatArray());
        assertEquals(a, stacked.get(0));
        assertEquals(b, stacked.get(1));
        assertEquals(c, stacked.get(2));
    }

    @Test
    void stack_scalars_givesVector() {
        Tensor s1 = Tensor.of(1.0).reshape();
        Tensor s2 = Tensor.of(2.0).reshape();
        Tensor v = Tensor.stack(List.of(s1, s2));

        assertEquals(Tensor.of(1.0, 2.0), v);
        assertEquals(0, v.get(1).rank());
        assertEquals(2.0, v.get(1).getDouble(0));
    }

    @Test
    void stack_mismatchedDtypeOrShape_throwsDescribingBoth() {
        IllegalArgumentException dtype =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tensor.stack(List.of(Tensor.of(1f), Tensor.of(1.0))));
        assertTrue(dtype.getMessage().contains("float64[1]"), dtype.getMessage());
        assertTrue(dtype.getMessage().contains("float32[1]"), dtype.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.stack(List.of(Tensor.of(1f), Tensor.of(1f, 2f))));
        assertThrows(IllegalArgumentException.class, () -> Tensor.stack(List.of()));
    }

    @Test
    void get_scalarOrOutOfRange_throws() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f).reshape().get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.of(1f, 2f).get(2));
    }

    @Test
    void get_matrixRow_isRowMajor() {
        Tensor m = Tensor.of(DType.INT32, new int[] {2, 3}, new int[] {1, 2, 3, 4, 5, 6});

        assertEquals(Tensor.of(DType.INT32, new int[] {3}, new int[] {4, 5, 6}), m.get(1));
    }

    @Test
    void reshape_sameSize_keepsElementsInOrder() {
        Tensor t = Tensor.ofLongs(1, 2, 3, 4, 5, 6).reshape(3, 2);

        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertEquals(Tensor.ofLongs(3, 4), t.get(1));
    }

    @Test
    void reshape_otherSize_throwsNamingShapes() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tensor.ofLongs(1, 2, 3).reshape(2, 2));

        assertTrue(e.getMessage().contains("int64[3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void astype_floatToInteger_truncatesTowardZero() {
        Tensor t = Tensor.of(-1.7, 2.9, 0.5).astype(DType.INT32);

        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {-1, 2, 0}, t.toIntArray());
    }

    @Test
    void astype_integers_keepValuesOrWrapAsNumpy() {
        Tensor u8 = Tensor.of(DType.UINT8, new int[] {2}, new byte[] {(byte) 255, 3});

        assertArrayEquals(new long[] {255, 3}, u8.astype(DType.INT16).toLongArray());
        assertArrayEquals(new double[] {255, 3}, u8.astype(DType.FLOAT32).toDoubleArray());
        Tensor minusOne = Tensor.of(DType.INT16, new int[] {1}, new short[] {-1});
        assertEquals(255, minusOne.astype(DType.UINT8).getLong(0));
    }

    @Test
    void astype_sameDtype_returnsSameTensor() {
        Tensor t = Tensor.of(1f);
        assertSame(t, t.astype(DType.FLOAT32));
    }

    @Test
    void getDouble_unsignedDtypes_readUnsigned() {
        assertEquals(255.0, Tensor.full(DType.UINT8, new int[] {1}, 255).getDouble(0));
        assertEquals(65535.0, Tensor.full(DType.UINT16, new int[] {1}, 65535).getDouble(0));
        assertEquals(
                4294967295.0, Tensor.of(DType.UINT32, new int[] {1}, new int[] {-1}).getDouble(0));
        assertEquals(
                18446744073709551615.0,
                Tensor.of(DType.UINT64, new int[] {1}, new long[] {-1}).getDouble(0));
        assertEquals(-1, Tensor.of(DType.UINT64, new int[] {1}, new long[] {-1}).getLong(0));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void littleEndian_everyDtype_roundTripsBytes(DType dtype) {
        int[] shape = {2, 3};
        byte[] bytes = new byte[6 * dtype.itemSize()];
        for (int i = 0; i < bytes.length; i++) {
            // BOOL elements must be 0 or 1; the others take any bit pattern
            bytes[i] = dtype == DType.BOOL ? (byte) (i % 2) : (byte) (31 * i + 7);
        }
        Tensor t = Tensor.fromLittleEndian(dtype, shape, ByteBuffer.wrap(bytes));
        ByteBuffer out = ByteBuffer.allocate(t.byteSize());
        t.writeLittleEndian(out);

        assertEquals(dtype, t.dtype());
        assertArrayEquals(shape, t.shape());
        assertArrayEquals(bytes, out.array());
        assertEquals(out.capacity(), out.position(), "writeLittleEndian advances the buffer");
        assertEquals(t, Tensor.fromLittleEndian(dtype, shape, ByteBuffer.wrap(out.array())));
    }

    @Test
    void fromLittleEndian_knownValues_areLittleEndian() {
        Tensor f =
                Tensor.fromLittleEndian(
                        DType.FLOAT32,
                        new int[] {1},
                        ByteBuffer.wrap(new byte[] {0, 0, (byte) 0x80, 0x3f}));
        Tensor s =
                Tensor.fromLittleEndian(
                        DType.INT16, new int[] {1}, ByteBuffer.wrap(new byte[] {2, 1}));
        Tensor l =
                Tensor.fromLittleEndian(
                        DType.INT64,
                        new int[] {},
                        ByteBuffer.wrap(new byte[] {(byte) 0xfe, -1, -1, -1, -1, -1, -1, -1}));

        assertEquals(1.0f, f.getFloat(0));
        assertEquals(0x0102, s.getLong(0));
        assertEquals(-2, l.getLong(0));
        assertEquals(0, l.rank());
    }

    @Test
    void fromLittleEndian_wrongByteCount_throwsNamingTheCounts() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Tensor.fromLittleEndian(
                                        DType.FLOAT32, new int[] {2, 2}, ByteBuffer.allocate(15)));

        assertTrue(e.getMessage().contains("float32"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 16 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("got 15"), e.getMessage());
    }

    @Test
    void equals_sameDtypeShapeAndValues_areEqualWithEqualHashCodes() {
        Tensor a = Tensor.of(DType.INT8, new int[] {2, 2}, new byte[] {1, 2, 3, 4});
        Tensor b = Tensor.of(DType.INT8, new int[] {2, 2}, new byte[] {1, 2, 3, 4});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Tensor.of(Float.NaN), Tensor.of(Float.NaN), "NaN equals NaN, bitwise");
    }

    @Test
    void equals_differentDtypeShapeOrValues_areNotEqual() {
        byte[] bits = {1, 0, 1, 1};
        Tensor int8 = Tensor.of(DType.INT8, new int[] {4}, bits);

        assertNotEquals(int8, Tensor.of(DType.UINT8, new int[] {4}, bits));
        assertNotEquals(int8, Tensor.of(DType.BOOL, new int[] {4}, bits));
        assertNotEquals(int8, Tensor.of(DType.INT8, new int[] {2, 2}, bits));
        assertNotEquals(int8, Tensor.of(DType.INT8, new int[] {4}, new byte[] {1, 0, 1, 0}));
        assertNotEquals(Tensor.of(1f), Tensor.of(1.0));
        assertNotEquals(Tensor.of(0.0), Tensor.of(-0.0), "-0.0 differs bitwise");
        assertNotEquals(int8, "int8[4]");
    }

    @Test
    void toString_showsDtypeShapeAndFirstValues() {
        assertEquals("Tensor(float32[2] [1.5, -2.0])", Tensor.of(1.5f, -2f).toString());
        assertEquals(
                "Tensor(int64[20] [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...])",
                Tensor.zeros(DType.INT64, 20).toString());
    }
}
