package io.gymbridge.agents.config;

import java.util.List;

/** A parsed {@link Hp#check}: what one hyperparameter's value must satisfy. */
sealed interface Check {

    /**
     * Throws if {@code value} fails the check.
     *
     * @throws IllegalArgumentException naming {@code name}, the rule and the value
     */
    void require(String name, Object value);

    /** Parses {@code ">= 1"}, {@code "> 0"}, {@code "[0, 1]"}, {@code "one of a b"} or "". */
    static Check parse(String rule) {
        String r = rule.strip();
        if (r.isEmpty()) {
            return new Any();
        }
        if (r.startsWith(">=")) {
            return new AtLeast(Double.parseDouble(r.substring(2).strip()));
        }
        if (r.startsWith(">")) {
            return new Above(Double.parseDouble(r.substring(1).strip()));
        }
        if (r.startsWith("[") && r.endsWith("]")) {
            String[] bounds = r.substring(1, r.length() - 1).split(",");
            if (bounds.length == 2) {
                return new Within(
                        Double.parseDouble(bounds[0].strip()),
                        Double.parseDouble(bounds[1].strip()));
            }
        }
        if (r.startsWith("one of ")) {
            return new OneOf(List.of(r.substring("one of ".length()).strip().split("\\s+")));
        }
        throw new IllegalStateException("unknown @Hp check: '" + rule + "'");
    }

    /** No constraint. */
    record Any() implements Check {
        @Override
        public void require(String name, Object value) {}
    }

    /** {@code value >= low}: an integer at least {@code low}, or a finite number. */
    record AtLeast(double low) implements Check {
        @Override
        public void require(String name, Object value) {
            double v = number(name, value);
            if (!(v >= low) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        name + " must be >= " + show(low) + ", got " + value);
            }
        }
    }

    /** {@code value > low}, finite. */
    record Above(double low) implements Check {
        @Override
        public void require(String name, Object value) {
            double v = number(name, value);
            if (!(v > low) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        name + " must be > " + show(low) + ", got " + value);
            }
        }
    }

    /** {@code low <= value <= high}. */
    record Within(double low, double high) implements Check {
        @Override
        public void require(String name, Object value) {
            double v = number(name, value);
            if (!(v >= low && v <= high)) {
                throw new IllegalArgumentException(
                        name + " must be in [" + low + ", " + high + "], got " + value);
            }
        }
    }

    /** One of a few words. */
    record OneOf(List<String> allowed) implements Check {
        @Override
        public void require(String name, Object value) {
            if (!allowed.contains(String.valueOf(value))) {
                throw new IllegalArgumentException(
                        name + " must be " + String.join(" or ", allowed) + ", got " + value);
            }
        }
    }

    private static double number(String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException(name + " is checked as a number but holds " + value);
    }

    private static String show(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
