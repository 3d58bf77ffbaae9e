package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file: its format, its checks, and messages that never show a token. */
class TokenFileTest {
    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "ZYXWVUTSRQPONMLKJIHGFEDCBA+/=-._~";

    @TempDir Path dir;

    TokenFile read(String text) throws IOException {
        Path f = dir.resolve("tokens.txt");
        Files.writeString(f, text);
        return TokenFile.read(f);
    }

    IllegalArgumentException bad(String text) {
        return assertThrows(IllegalArgumentException.class, () -> read(text));
    }

    @Test
    void read_namesTokensCommentsAndBlankLines() throws IOException {
        TokenFile t = read("# comment\n\n  alice   " + A + "  \nbob\t" + B + "\n   # indented\n");
        assertEquals(2, t.size());
        assertEquals("alice", t.nameOf(A));
        assertEquals("bob", t.nameOf(B));
        assertNull(t.nameOf(A.substring(1)));
        assertNull(t.nameOf(""));
        assertNull(t.nameOf(null));
    }

    @Test
    void read_shortToken_refusedSayingTheMinimumWithoutTheToken() {
        IllegalArgumentException e = bad("alice 0123456789abcdef0123456789abcde\n");
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
    }

    @Test
    void read_malformedLines_refusedNamingTheLine() {
        assertTrue(bad("alice\n").getMessage().contains("line 1"));
        assertTrue(bad("# x\nalice " + A + " extra\n").getMessage().contains("line 2"));
        assertTrue(bad("al ice " + A + "\n").getMessage().contains("two fields"));
        assertTrue(bad("al/ice " + A + "\n").getMessage().contains("name"));
        assertFalse(bad("alice " + A + "\"\n").getMessage().contains(A));
    }

    @Test
    void read_repeatedNameOrToken_refused() {
        assertTrue(bad("alice " + A + "\nalice " + B + "\n").getMessage().contains("repeated"));
        IllegalArgumentException e = bad("alice " + A + "\nbob " + A + "\n");
        assertTrue(e.getMessage().contains("another name's token"), e.getMessage());
        assertFalse(e.getMessage().contains(A));
    }

    @Test
    void read_noTokens_refused() {
        assertTrue(bad("# nothing\n").getMessage().contains("no tokens"));
    }
}
