package io.gymbridge.env;

import java.util.Collection;

/**
 * The one exception of the Env API: a failed call with a status code and the message of whoever
 * failed it (the env, the server, or the transport).
 *
 * <p>The codes are gRPC's, by name, so a remote failure reaches the caller unchanged: {@code
 * INVALID_ARGUMENT} for a bad action, kwarg or seed; {@code FAILED_PRECONDITION} for a step before
 * reset or after an episode ended without autoreset; {@code NOT_FOUND} for an unknown env id or
 * session; {@code RESOURCE_EXHAUSTED} for server limits; {@code INTERNAL} for an exception inside
 * an env; {@code UNAVAILABLE} and {@code DEADLINE_EXCEEDED} for transport failures.
 */
public class EnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Status codes, numbered and named as gRPC's {@code io.grpc.Status.Code}. */
    public enum Code {
        /** Not an error. */
        OK,
        /** The call was cancelled. */
        CANCELLED,
        /** An error with no better code. */
        UNKNOWN,
        /** Bad input from the caller: an action, kwarg, seed or request the server rejects. */
        INVALID_ARGUMENT,
        /** The call's deadline passed before it completed. */
        DEADLINE_EXCEEDED,
        /** An unknown env id, or an unknown or expired session. */
        NOT_FOUND,
        /** Something already exists. */
        ALREADY_EXISTS,
        /** The caller may not do this. */
        PERMISSION_DENIED,
        /** A limit was reached: sessions, num_envs, message size. */
        RESOURCE_EXHAUSTED,
        /** The env is not in a state that allows the call (step before reset, say). */
        FAILED_PRECONDITION,
        /** The call was aborted. */
        ABORTED,
        /** A value outside a valid range. */
        OUT_OF_RANGE,
        /** The server does not implement the call. */
        UNIMPLEMENTED,
        /** An exception inside the env or the server. */
        INTERNAL,
        /** The server cannot be reached. */
        UNAVAILABLE,
        /** Data was lost. */
        DATA_LOSS,
        /** The caller is not authenticated. */
        UNAUTHENTICATED
    }

    /** The most characters of a caller's string that an error message quotes ({@link #echo}). */
    public static final int MAX_ECHO_CHARS = 64;

    /** The most of a caller's names that an error message lists ({@link #echo(Collection)}). */
    public static final int MAX_ECHO_NAMES = 8;

    private final Code code;

    /** An exception with a code and a message naming what was wrong. */
    public EnvException(Code code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** An exception with a code, a message and its cause. */
    public EnvException(Code code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The status code. */
    public Code code() {
        return code;
    }

    /** The message without the code prefix. */
    public String description() {
        String m = getMessage();
        return m.substring(code.name().length() + 2);
    }

    /** An INVALID_ARGUMENT exception. */
    public static EnvException invalidArgument(String message) {
        return new EnvException(Code.INVALID_ARGUMENT, message);
    }

    /** A FAILED_PRECONDITION exception. */
    public static EnvException failedPrecondition(String message) {
        return new EnvException(Code.FAILED_PRECONDITION, message);
    }

    /** A NOT_FOUND exception. */
    public static EnvException notFound(String message) {
        return new EnvException(Code.NOT_FOUND, message);
    }

    /**
     * A string the caller gave (an env id, a session id, a kwarg name), as an error message quotes
     * it: its first {@value #MAX_ECHO_CHARS} characters (Unicode code points), control and other
     * invisible characters escaped ({@code \n}, {@code \x00}), followed, if it is longer, by {@code
     * "... (N characters)"}, N its length. So a message stays short and on one line whatever the
     * request held (docs/protocol.md, section 7).
     */
    public static String echo(String s) {
        int chars = s.codePointCount(0, s.length());
        String head =
                chars <= MAX_ECHO_CHARS
                        ? s
                        : s.substring(0, s.offsetByCodePoints(0, MAX_ECHO_CHARS));
        head = escaped(head);
        return chars <= MAX_ECHO_CHARS ? head : head + "... (" + chars + " characters)";
    }

    /**
     * {@code s} with invisible characters escaped as Python's {@code unicode_escape} writes them.
     */
    private static String escaped(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int n = Character.charCount(c);
            if (visible(c)) {
                if (sb != null) {
                    sb.appendCodePoint(c);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c <= 0xFF) {
                            sb.append(String.format("\\x%02x", c));
                        } else if (c <= 0xFFFF) {
                            sb.append(String.format("\\u%04x", c));
                        } else {
                            sb.append(String.format("\\U%08x", c));
                        }
                    }
                }
            }
            i += n;
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean visible(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR ->
                    false;
            default -> true;
        };
    }

    /**
     * Names the caller gave, as an error message lists them: {@code [a, b]}, each name cut as by
     * {@link #echo(String)}, and after {@value #MAX_ECHO_NAMES} names {@code and N more}.
     */
    public static String echo(Collection<String> names) {
        StringBuilder sb = new StringBuilder("[");
        int shown = 0;
        for (String name : names) {
            if (shown == MAX_ECHO_NAMES) {
                sb.append(" and ").append(names.size() - shown).append(" more");
                break;
            }
            sb.append(shown++ == 0 ? "" : ", ").append(echo(name));
        }
        return sb.append(']').toString();
    }
}
