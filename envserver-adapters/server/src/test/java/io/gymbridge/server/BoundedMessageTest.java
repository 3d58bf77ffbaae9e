package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Error messages are at most 1024 bytes in UTF-8 (docs/protocol.md, section 7). */
class BoundedMessageTest {

    @Test
    void bounded_upTo1024Bytes_unchanged() {
        String ascii = "a".repeat(1024);
        assertSame(ascii, EnvRequests.bounded(ascii));
        String twoByte = "\u00e9".repeat(512);
        assertSame(twoByte, EnvRequests.bounded(twoByte));
    }

    @Test
    void bounded_longerAscii_cutTo1024BytesEndingInDots() {
        String cut = EnvRequests.bounded("a".repeat(5000));
        assertEquals(1024, cut.length());
        assertTrue(cut.endsWith("a..."), cut);
    }

    @Test
    void bounded_multibyteCharacters_cutAtACharacterBoundary() {
        for (String c : new String[] {"\u00e9", "\u20ac", "\uD83D\uDE00"}) {
            String cut = EnvRequests.bounded("x" + c.repeat(2000));
            byte[] utf8 = cut.getBytes(StandardCharsets.UTF_8);
            assertTrue(utf8.length <= 1024, c + ": " + utf8.length);
            assertTrue(utf8.length > 1016, c + ": " + utf8.length);
            String body = cut.substring(1, cut.length() - 3);
            assertEquals(body.length() / c.length(), body.split(c, -1).length - 1, c);
            assertTrue(cut.endsWith(c + "..."), c);
        }
    }
}
