package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiDiscreteTest {
    private static final MultiDiscrete SPACE = MultiDiscrete.of(3, 3, 3);

    @Test
    void contains_valuesInRange_isTrue() {
        assertTrue(SPACE.contains(Tensor.ofLongs(0, 1, 2)));
        assertTrue(SPACE.contains(Tensor.of(DType.INT32, new int[] {3}, new int[] {2, 2, 2})));
    }

    @Test
    void mismatch_elementOutOfRange_namesIndexAndSpace() {
        // the example of Space.mismatch's javadoc
        assertEquals(
                "element [2] = 7 is outside MultiDiscrete([3 3 3])",
                SPACE.mismatch(Tensor.ofLongs(0, 0, 7)).orElseThrow());
        assertFalse(SPACE.contains(Tensor.ofLongs(-1, 0, 0)));
    }

    @Test
    void mismatch_floatOrWrongShape_isRejected() {
        assertEquals(
                "expected int64[3] in MultiDiscrete([3 3 3]), got float32[3]",
                SPACE.mismatch(Tensor.of(0f, 0f, 0f)).orElseThrow());
        assertTrue(SPACE.mismatch(Tensor.ofLongs(0, 0)).isPresent());
        assertTrue(SPACE.mismatch(1).isPresent());
    }

    @Test
    void contains_start_shiftsEachRange() {
        MultiDiscrete m = MultiDiscrete.of(new int[] {2}, new long[] {2, 3}, new long[] {-1, 5});

        assertTrue(m.contains(Tensor.ofLongs(0, 7)));
        assertFalse(m.contains(Tensor.ofLongs(1, 7)));
        assertFalse(m.contains(Tensor.ofLongs(0, 4)));
        assertEquals("MultiDiscrete([2 3], start=[-1, 5])", m.toString());
    }

    @Test
    void sample_seeded_alwaysContained() {
        MultiDiscrete m =
                MultiDiscrete.of(
                        new int[] {2, 2}, new long[] {1, 2, 3, 4}, new long[] {0, -2, 0, 9});
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            Tensor t = m.sample(rng);
            assertTrue(m.contains(t), () -> m.mismatch(t).orElseThrow());
            assertEquals(DType.INT64, t.dtype());
        }
    }

    @Test
    void mismatch_uint64Above2To63_reportedUnsigned() {
        Tensor t = Tensor.of(DType.UINT64, new int[] {3}, new long[] {0, -1L, 0});
        assertEquals(
                "element [1] = 18446744073709551615 is outside MultiDiscrete([3 3 3])",
                SPACE.mismatch(t).orElseThrow());
    }

    @Test
    void cast_int32_givesInt64() {
        Tensor t = Tensor.of(DType.INT32, new int[] {3}, new int[] {1, 2, 0});
        assertEquals(Tensor.ofLongs(1, 2, 0), SPACE.validate(t));
    }

    @Test
    void of_nvecBelowOne_throwsNamingTheIndex() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MultiDiscrete.of(2, 0));
        assertTrue(e.getMessage().contains("nvec[1]"), e.getMessage());
    }

    @Test
    void equalsAndToString_matchGymnasium() {
        assertEquals(MultiDiscrete.of(3, 3, 3), SPACE);
        assertNotEquals(MultiDiscrete.of(3, 3), SPACE);
        // Gymnasium: MultiDiscrete([3 3 3])
        assertEquals("MultiDiscrete([3 3 3])", SPACE.toString());
    }
}
