package io.gymbridge.env.spaces;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Strings of {@code minLength..maxLength} characters from a character set, as {@code
 * gymnasium.spaces.Text}.
 *
 * @param minLength the shortest valid length, at least 0
 * @param maxLength the longest valid length, at least minLength
 * @param charset the allowed characters, each once
 */
public record Text(int minLength, int maxLength, String charset) implements Space<String> {

    /** Gymnasium's default character set: ASCII letters and digits. */
    public static final String ALPHANUMERIC =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Validates the lengths. */
    public Text {
        if (minLength < 0 || maxLength < minLength) {
            throw new IllegalArgumentException(
                    "Text needs 0 <= min_length <= max_length, got "
                            + minLength
                            + ", "
                            + maxLength);
        }
        if (charset.isEmpty()) {
            throw new IllegalArgumentException("Text needs a non-empty charset");
        }
    }

    /** Alphanumeric strings of 1 to {@code maxLength} characters, as Gymnasium's default. */
    public Text(int maxLength) {
        this(1, maxLength, ALPHANUMERIC);
    }

    @Override
    public Optional<String> mismatch(Object value) {
        if (!(value instanceof String s)) {
            return Optional.of("expected a string in " + this + ", got " + Spaces.describe(value));
        }
        if (s.length() < minLength || s.length() > maxLength) {
            return Optional.of("string of length " + s.length() + " is outside " + this);
        }
        for (int i = 0; i < s.length(); i++) {
            if (charset.indexOf(s.charAt(i)) < 0) {
                return Optional.of(
                        "character ["
                                + i
                                + "] '"
                                + s.charAt(i)
                                + "' is not in the charset of "
                                + this);
            }
        }
        return Optional.empty();
    }

    @Override
    public String cast(Object value) {
        return (String) value;
    }

    @Override
    public String sample(RandomGenerator rng) {
        int length = minLength + rng.nextInt(maxLength - minLength + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(charset.charAt(rng.nextInt(charset.length())));
        }
        return sb.toString();
    }

    @Override
    public int[] shape() {
        return null;
    }

    @Override
    public String toString() {
        return "Text(" + minLength + ", " + maxLength + ")";
    }
}
