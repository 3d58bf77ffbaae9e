package io.gymbridge.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvExceptionTest {

    @Test
    void echo_upTo64Chars_unchanged() {
        assertEquals("", EnvException.echo(""));
        assertEquals("x".repeat(64), EnvException.echo("x".repeat(64)));
    }

    @Test
    void echo_longerString_first64AndItsLength() {
        assertEquals("x".repeat(64) + "... (65 characters)", EnvException.echo("x".repeat(65)));
        assertEquals("y".repeat(64) + "... (9000 characters)", EnvException.echo("y".repeat(9000)));
    }

    @Test
    void echo_countsCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertEquals(emoji.repeat(64), EnvException.echo(emoji.repeat(64)));
        assertEquals(
                emoji.repeat(64) + "... (100 characters)", EnvException.echo(emoji.repeat(100)));
    }

    @Test
    void echo_controlCharacters_escapedAsPythonDoes() {
        assertEquals("a\\nb\\x00c\\u200b", EnvException.echo("a\nb\u0000c\u200b"));
        assertEquals("caf\u00e9 ok", EnvException.echo("caf\u00e9 ok"));
    }

    @Test
    void echo_names_atMost8EachCut() {
        assertEquals("[a, b]", EnvException.echo(List.of("a", "b")));
        assertEquals(
                "[0, 1, 2, 3, 4, 5, 6, 7 and 2 more]",
                EnvException.echo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        assertEquals(
                "[" + "k".repeat(64) + "... (100 characters)]",
                EnvException.echo(List.of("k".repeat(100))));
    }

    @Test
    void kwargs_unknownLongName_quotedCut() {
        Kwargs k = new Kwargs("CartPole-v1", java.util.Map.of("k".repeat(9000), 1L));
        EnvException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        EnvException.class, k::requireAllUsed);
        assertEquals(
                "CartPole-v1 got unexpected kwarg ["
                        + "k".repeat(64)
                        + "... (9000 characters)]; it takes none",
                e.description());
    }
}
