package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DictSpaceTest {
    static final DictSpace SPACE = space();

    private static DictSpace space() {
        Map<String, Space<?>> spaces = new LinkedHashMap<>();
        spaces.put("position", Box.of(-1, 1, DType.FLOAT32, 2));
        spaces.put("color", new Discrete(3));
        return new DictSpace(spaces);
    }

    @Test
    void contains_mapWithEveryKeyInItsSubspace_isTrue() {
        assertTrue(SPACE.contains(Map.of("position", Tensor.of(0f, 1f), "color", 2)));
    }

    @Test
    void mismatch_badSubvalue_namesKeyAndIndex() {
        String why =
                SPACE.mismatch(Map.of("position", Tensor.of(0f, 3f), "color", 2)).orElseThrow();

        assertTrue(why.startsWith("['position']: element [1] = 3.0 is outside"), why);
        assertTrue(why.contains("Box(-1.0, 1.0, (2,), float32)"), why);
        assertEquals(
                "['color']: 3 is outside Discrete(3)",
                SPACE.mismatch(Map.of("position", Tensor.of(0f, 0f), "color", 3)).orElseThrow());
    }

    @Test
    void mismatch_missingOrExtraKeys_namesBothKeySets() {
        String why = SPACE.mismatch(Map.of("position", Tensor.of(0f, 0f))).orElseThrow();

        assertTrue(why.contains("[position, color]"), why);
        assertTrue(why.contains("[position]"), why);
        assertTrue(SPACE.mismatch(List.of()).isPresent());
    }

    @Test
    void actionMismatch_boxOutOfBounds_isAcceptedButDiscreteOutOfRangeIsNot() {
        assertTrue(
                SPACE.actionMismatch(Map.of("position", Tensor.of(5f, 5f), "color", 0)).isEmpty());
        assertTrue(
                SPACE.actionMismatch(Map.of("position", Tensor.of(0f, 0f), "color", 9))
                        .isPresent());
    }

    @Test
    void sample_seeded_alwaysContainedInKeyOrder() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> v = SPACE.sample(rng);
            assertTrue(SPACE.contains(v), () -> SPACE.mismatch(v).orElseThrow());
            assertEquals(List.of("position", "color"), List.copyOf(v.keySet()));
        }
    }

    @Test
    void constructor_noKeys_throws() {
        assertThrows(IllegalArgumentException.class, () -> new DictSpace(Map.of()));
    }

    @Test
    void toString_keepsInsertionOrder() {
        // Gymnasium sorts a plain dict's keys: Dict('color': Discrete(3), 'position': Box(...))
        assertEquals(
                "Dict('position': Box(-1.0, 1.0, (2,), float32), 'color': Discrete(3))",
                SPACE.toString());
    }
}
