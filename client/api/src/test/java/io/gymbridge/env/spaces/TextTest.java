package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void contains_stringOfCharsetWithinLengths_isTrue() {
        Text t = new Text(5);

        assertTrue(t.contains("a"));
        assertTrue(t.contains("Ab3Zz"));
    }

    @Test
    void mismatch_tooLongOrEmpty_namesLengthAndSpace() {
        Text t = new Text(5);

        assertEquals(
                "string of length 6 is outside Text(1, 5)", t.mismatch("abcdef").orElseThrow());
        assertFalse(t.contains(""));
    }

    @Test
    void mismatch_characterOutsideCharset_namesIndex() {
        assertEquals(
                "character [2] '-' is not in the charset of Text(1, 5)",
                new Text(5).mismatch("ab-").orElseThrow());
        assertTrue(new Text(0, 3, "xy").mismatch("xz").orElseThrow().contains("[1] 'z'"));
    }

    @Test
    void mismatch_notAString_isRejected() {
        assertEquals(
                "expected a string in Text(1, 5), got Integer 5",
                new Text(5).mismatch(5).orElseThrow());
    }

    @Test
    void sample_seeded_alwaysContained() {
        Text t = new Text(0, 4, "ab");
        SplittableRandom rng = new SplittableRandom(7);
        boolean sawEmpty = false;
        for (int i = 0; i < 1000; i++) {
            String s = t.sample(rng);
            assertTrue(t.contains(s), () -> t.mismatch(s).orElseThrow());
            sawEmpty |= s.isEmpty();
        }
        assertTrue(sawEmpty, "min_length 0 allows the empty string");
    }

    @Test
    void constructor_badLengthsOrEmptyCharset_throws() {
        assertThrows(IllegalArgumentException.class, () -> new Text(3, 2, "a"));
        assertThrows(IllegalArgumentException.class, () -> new Text(-1, 2, "a"));
        assertThrows(IllegalArgumentException.class, () -> new Text(0, 2, ""));
    }

    @Test
    void toString_omitsGymnasiumsCharset() {
        // Gymnasium: Text(1, 5,
        // charset=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz)
        assertEquals("Text(1, 5)", new Text(5).toString());
        assertNull(new Text(5).shape());
    }
}
