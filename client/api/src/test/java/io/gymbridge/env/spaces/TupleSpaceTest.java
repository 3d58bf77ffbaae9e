package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TupleSpaceTest {
    private static final TupleSpace SPACE =
            new TupleSpace(List.of(new Discrete(2), Box.of(0, 1, DType.FLOAT64, 1), new Text(3)));

    @Test
    void contains_oneElementPerSubspace_isTrue() {
        assertTrue(SPACE.contains(List.of(1, Tensor.of(0.5), "ab")));
    }

    @Test
    void mismatch_badElement_namesPositionAndSpace() {
        assertEquals(
                "[1]: element [0] = 2.0 is outside [0.0, 1.0] of Box(0.0, 1.0, (1,), float64)",
                SPACE.mismatch(List.of(1, Tensor.of(2.0), "ab")).orElseThrow());
    }

    @Test
    void mismatch_wrongLengthOrType_namesTheCounts() {
        assertEquals(
                "expected 3 elements in Tuple(Discrete(2), Box(0.0, 1.0, (1,), float64), Text(1,"
                        + " 3)), got 2",
                SPACE.mismatch(List.of(1, Tensor.of(0.5))).orElseThrow());
        assertTrue(SPACE.mismatch(1).isPresent());
    }

    @Test
    void actionMismatch_boxOutOfBounds_isAccepted() {
        assertTrue(SPACE.actionMismatch(List.of(1, Tensor.of(9.0), "ab")).isEmpty());
        assertTrue(SPACE.actionMismatch(List.of(1, Tensor.of(Double.NaN), "ab")).isPresent());
    }

    @Test
    void sample_seeded_alwaysContained() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 1000; i++) {
            List<Object> v = SPACE.sample(rng);
            assertTrue(SPACE.contains(v), () -> SPACE.mismatch(v).orElseThrow());
        }
    }
}
