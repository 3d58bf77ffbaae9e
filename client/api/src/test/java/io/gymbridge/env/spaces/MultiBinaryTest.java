package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiBinaryTest {

    private static Tensor bits(int[] shape, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return Tensor.of(DType.INT8, shape, b);
    }

    @Test
    void contains_zerosAndOnes_isTrue() {
        assertTrue(new MultiBinary(3).contains(bits(new int[] {3}, 1, 0, 1)));
        assertTrue(new MultiBinary(2, 2).contains(bits(new int[] {2, 2}, 1, 1, 0, 0)));
    }

    @Test
    void mismatch_valueOtherThanZeroOrOne_namesIndexAndSpace() {
        assertEquals(
                "element [1] = 2 is not 0 or 1, in MultiBinary(3)",
                new MultiBinary(3).mismatch(bits(new int[] {3}, 0, 2, 0)).orElseThrow());
    }

    @Test
    void mismatch_wrongShapeOrFloat_isRejected() {
        MultiBinary m = new MultiBinary(3);

        assertEquals(
                "expected int8[3] in MultiBinary(3), got int8[2]",
                m.mismatch(bits(new int[] {2}, 0, 0)).orElseThrow());
        assertTrue(m.mismatch(Tensor.of(0f, 1f, 0f)).isPresent());
        assertTrue(m.mismatch("101").isPresent());
    }

    @Test
    void sample_seeded_alwaysContained() {
        MultiBinary m = new MultiBinary(2, 3);
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < 1000; i++) {
            Tensor t = m.sample(rng);
            assertTrue(m.contains(t), () -> m.mismatch(t).orElseThrow());
        }
    }

    @Test
    void constructor_dimensionBelowOne_throws() {
        assertThrows(IllegalArgumentException.class, () -> new MultiBinary(0));
    }

    @Test
    void equalsAndToString_matchGymnasium() {
        assertEquals(new MultiBinary(5), new MultiBinary(5));
        assertNotEquals(new MultiBinary(5), new MultiBinary(5, 1));
        // Gymnasium: MultiBinary(5), MultiBinary((2, 3))
        assertEquals("MultiBinary(5)", new MultiBinary(5).toString());
        assertEquals("MultiBinary((2, 3))", new MultiBinary(2, 3).toString());
    }
}
