package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Tensor;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscreteTest {

    @Test
    void contains_valuesInRange_isTrueForEveryIntegerType() {
        Discrete d = new Discrete(3);

        assertTrue(d.contains(0));
        assertTrue(d.contains(2L));
        assertTrue(d.contains((short) 1));
        assertTrue(d.contains((byte) 1));
    }

    @Test
    void contains_valueOutsideRange_isFalseNamingTheSpace() {
        Discrete d = new Discrete(2);

        assertFalse(d.contains(2));
        assertFalse(d.contains(-1));
        assertEquals("2 is outside Discrete(2)", d.mismatch(2).orElseThrow());
        assertEquals("3000000000 is outside Discrete(2)", d.mismatch(3_000_000_000L).orElseThrow());
    }

    @Test
    void contains_start_shiftsTheRange() {
        Discrete d = new Discrete(3, -1);

        assertTrue(d.contains(-1));
        assertTrue(d.contains(1));
        assertFalse(d.contains(2));
        assertEquals("2 is outside Discrete(3, start=-1)", d.mismatch(2).orElseThrow());
    }

    @Test
    void actionMismatch_outOfRangeOrNotAnInteger_isRejected() {
        Discrete d = new Discrete(2);

        assertEquals("5 is outside Discrete(2)", d.actionMismatch(5).orElseThrow());
        assertEquals(
                "expected an integer in Discrete(2), got Double 1.0",
                d.actionMismatch(1.0).orElseThrow());
        assertTrue(d.actionMismatch(true).isPresent());
        assertTrue(d.actionMismatch(Tensor.ofLongs(1)).isPresent());
        assertTrue(d.actionMismatch(null).isPresent());
    }

    @Test
    void cast_long_givesInteger() {
        assertEquals(Integer.valueOf(1), new Discrete(2).validate(1L));
    }

    @Test
    void sample_seeded_alwaysContainedAndCoversEveryValue() {
        Discrete d = new Discrete(5, 10);
        SplittableRandom rng = new SplittableRandom(4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int v = d.sample(rng);
            assertTrue(d.contains(v), () -> d.mismatch(v).orElseThrow());
            seen.add(v);
        }
        assertEquals(Set.of(10, 11, 12, 13, 14), seen);
    }

    @Test
    void constructor_nBelowOne_throws() {
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
    }

    @Test
    void toString_matchesGymnasium() {
        // Gymnasium: Discrete(2) (CartPole-v1's action space), Discrete(3, start=-1)
        assertEquals("Discrete(2)", new Discrete(2).toString());
        assertEquals("Discrete(3, start=-1)", new Discrete(3, -1).toString());
        assertArrayEquals(new int[0], new Discrete(2).shape());
    }
}
