package io.gymbridge.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens a server accepts, read from a tokens file: one {@code NAME TOKEN} pair a line,
 * separated by spaces or tabs; blank lines and lines starting with {@code #} are ignored.
 *
 * <pre>
 * # name      token (openssl rand -hex 32)
 * trainer-1   3f6c0e8b9a...
 * robot-lab   9d41a7c2e0...
 * </pre>
 *
 * <p>A name ({@code [A-Za-z0-9._@-]}, up to 64 characters) is what the server logs and whom the
 * sessions belong to; a token must be at least {@link #MIN_TOKEN_LENGTH} characters of RFC 6750's
 * token alphabet ({@code A-Z a-z 0-9 - . _ ~ + / =}). Names and tokens must be unique. Error
 * messages name the file and the line, never a token.
 *
 * <p>Only SHA-256 digests of the tokens are kept; a presented token is hashed and compared with
 * every entry in constant time ({@link MessageDigest#isEqual}), so neither the time taken nor the
 * answer tells how close a wrong token came or which entry it was compared with longest.
 */
final class TokenFile {
    /** The shortest token accepted: 32 characters, e.g. 16 random bytes in hex. */
    static final int MIN_TOKEN_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    private record Entry(String name, byte[] digest) {}

    private final List<Entry> entries;

    private TokenFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads and checks a tokens file.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and line of the first mistake
     */
    static TokenFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "tokens file " + file + " line " + (i + 1);
            String[] fields = line.split("[ \\t]+");
            if (fields.length != 2) {
                throw new IllegalArgumentException(
                        where + ": needs NAME TOKEN (two fields), found " + fields.length);
            }
            String name = fields[0];
            String token = fields[1];
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        where + ": a name is 1 to 64 of A-Z a-z 0-9 . _ @ -");
            }
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(
                        where
                                + ": the token of "
                                + name
                                + " has "
                                + token.length()
                                + " characters; at least "
                                + MIN_TOKEN_LENGTH
                                + " are needed (openssl rand -hex 32 makes 64)");
            }
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException(
                        where
                                + ": the token of "
                                + name
                                + " has a character outside A-Z a-z 0-9 - . _ ~ + / =");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": the name " + name + " is repeated");
            }
            byte[] digest = sha256(token);
            if (!digests.add(java.util.HexFormat.of().formatHex(digest))) {
                throw new IllegalArgumentException(
                        where + ": the token of " + name + " is also another name's token");
            }
            entries.add(new Entry(name, digest));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(
                    "tokens file " + file + " has no tokens (lines of NAME TOKEN)");
        }
        return new TokenFile(entries);
    }

    /** Number of tokens. */
    int size() {
        return entries.size();
    }

    /**
     * The name of {@code presented}, or null if it is no token of this file. Takes the same time
     * whichever entry matches, or none.
     */
    String nameOf(String presented) {
        if (presented == null) {
            return null;
        }
        byte[] digest = sha256(presented);
        String found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest, digest)) {
                found = e.name;
            }
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
