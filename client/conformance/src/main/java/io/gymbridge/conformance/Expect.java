package io.gymbridge.conformance;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The assertions of the suites, with JUnit's messages ({@code what ==> expected: <a> but was: <b>})
 * so a failure reads the same in a test report and on a terminal, without a test framework.
 */
final class Expect {
    private Expect() {}

    /** A call that may throw anything. */
    @FunctionalInterface
    interface Call {
        void run() throws Throwable;
    }

    static void fail(String message) {
        throw new AssertionError(message);
    }

    static void isTrue(boolean condition, String message) {
        if (!condition) {
            fail(prefix(message) + "expected: <true> but was: <false>");
        }
    }

    static void isTrue(boolean condition, Supplier<String> message) {
        if (!condition) {
            isTrue(false, message.get());
        }
    }

    static void isFalse(boolean condition, String message) {
        if (condition) {
            fail(prefix(message) + "expected: <false> but was: <true>");
        }
    }

    static void notNull(Object actual, String message) {
        if (actual == null) {
            fail(prefix(message) + "expected: not <null>");
        }
    }

    static void equal(Object expected, Object actual, String message) {
        if (!Objects.equals(expected, actual)) {
            fail(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    static void equal(long expected, long actual, String message) {
        equal((Object) expected, (Object) actual, message);
    }

    static void equal(double expected, double actual, String message) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
            fail(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    /** {@code |expected - actual| <= delta}, as JUnit's assertEquals with a delta. */
    static void close(double expected, double actual, double delta, String message) {
        if (Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual)) {
            return;
        }
        if (!(Math.abs(expected - actual) <= delta)) {
            fail(
                    prefix(message)
                            + "expected: <"
                            + expected
                            + "> but was: <"
                            + actual
                            + "> (within "
                            + delta
                            + ")");
        }
    }

    /** Runs {@code call} and returns what it threw, which must be a {@code type}. */
    static <T extends Throwable> T thrown(Class<T> type, Call call, String message) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            AssertionError e =
                    new AssertionError(
                            prefix(message)
                                    + "unexpected exception type thrown, expected: <"
                                    + type.getName()
                                    + "> but was: <"
                                    + t
                                    + ">");
            e.initCause(t);
            throw e;
        }
        throw new AssertionError(
                prefix(message)
                        + "expected "
                        + type.getSimpleName()
                        + " to be thrown, but nothing was thrown");
    }

    private static String prefix(String message) {
        return message == null || message.isEmpty() ? "" : message + " ==> ";
    }
}
