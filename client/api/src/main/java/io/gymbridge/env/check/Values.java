package io.gymbridge.env.check;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Comparing and printing observations, rewards and infos, as Gymnasium's {@code data_equivalence}
 * compares them: same types (any Map is a map, any List a list), same keys, same lengths, tensors
 * of the same dtype and shape whose elements are equal ({@code exact}) or within {@code atol + rtol
 * * |b|} with both tolerances {@value #TOLERANCE} ({@code numpy.allclose}).
 */
final class Values {
    /** The rtol and atol of the inexact comparison, Gymnasium's. */
    static final double TOLERANCE = 1e-5;

    /** Elements of a tensor, keys of a map or items of a list shown by {@link #brief}. */
    private static final int SHOWN = 4;

    private Values() {}

    /**
     * Where {@code a} and {@code b} first differ, e.g. {@code "element [2]: 0.013 vs 0.014"} or
     * {@code "['lives']: 3 vs 2"}; empty if they are equivalent.
     */
    static Optional<String> difference(Object a, Object b, boolean exact) {
        if (a == b) {
            return Optional.empty();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return mapDifference(x, y, exact);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return listDifference(x, y, exact);
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return Optional.of(typed(a) + " vs " + typed(b));
        }
        if (a instanceof Tensor x) {
            return tensorDifference(x, (Tensor) b, exact);
        }
        if (a instanceof Double || a instanceof Float) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return close(x, y, exact) ? Optional.empty() : Optional.of(a + " vs " + b);
        }
        return Objects.equals(a, b) ? Optional.empty() : Optional.of(brief(a) + " vs " + brief(b));
    }

    private static Optional<String> tensorDifference(Tensor a, Tensor b, boolean exact) {
        if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) {
            return Optional.of("tensor " + a.describe() + " vs tensor " + b.describe());
        }
        for (int i = 0; i < a.size(); i++) {
            boolean same =
                    a.dtype().isFloating()
                            ? close(a.getDouble(i), b.getDouble(i), exact)
                            : a.getLong(i) == b.getLong(i);
            if (!same) {
                return Optional.of(
                        "element "
                                + index(a.shape(), i)
                                + ": "
                                + element(a, i)
                                + " vs "
                                + element(b, i));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mapDifference(Map<?, ?> a, Map<?, ?> b, boolean exact) {
        if (!a.keySet().equals(b.keySet())) {
            return Optional.of("keys " + a.keySet() + " vs " + b.keySet());
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            Optional<String> d = difference(e.getValue(), b.get(e.getKey()), exact);
            if (d.isPresent()) {
                return Optional.of("['" + e.getKey() + "']: " + d.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> listDifference(List<?> a, List<?> b, boolean exact) {
        if (a.size() != b.size()) {
            return Optional.of(a.size() + " items vs " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            Optional<String> d = difference(a.get(i), b.get(i), exact);
            if (d.isPresent()) {
                return Optional.of("[" + i + "]: " + d.get());
            }
        }
        return Optional.empty();
    }

    private static boolean close(double x, double y, boolean exact) {
        if (x == y || (Double.isNaN(x) && Double.isNaN(y))) {
            return true;
        }
        return !exact && Math.abs(x - y) <= TOLERANCE + TOLERANCE * Math.abs(y);
    }

    /**
     * A short form of a value for a one-line message: tensors as {@code [0.01, 0.02, 0.03, 0.04,
     * ...]}, strings quoted, maps and lists cut after {@value #SHOWN} entries.
     */
    static String brief(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof Tensor t) {
            if (t.rank() == 0) {
                return element(t, 0);
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Math.min(t.size(), SHOWN); i++) {
                items.add(element(t, i));
            }
            return join(items, t.size() > SHOWN, "[", "]");
        } else if (v instanceof String s) {
            return "\"" + s + "\"";
        } else if (v instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext() && items.size() < SHOWN) {
                Map.Entry<?, ?> e = it.next();
                items.add(e.getKey() + "=" + brief(e.getValue()));
            }
            return join(items, m.size() > SHOWN, "{", "}");
        } else if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Math.min(l.size(), SHOWN); i++) {
                items.add(brief(l.get(i)));
            }
            return join(items, l.size() > SHOWN, "[", "]");
        }
        return String.valueOf(v);
    }

    private static String join(List<String> items, boolean more, String open, String close) {
        return open + String.join(", ", items) + (more ? ", ..." : "") + close;
    }

    /** Element i in its dtype's natural notation: float32 as a float, integers exactly. */
    private static String element(Tensor t, int i) {
        if (t.dtype() == DType.FLOAT32) {
            return Float.toString(t.getFloat(i));
        } else if (t.dtype() == DType.FLOAT64) {
            return Double.toString(t.getDouble(i));
        }
        return Long.toString(t.getLong(i));
    }

    /** The index of flat element i: {@code [i]} for vectors, {@code [r, c]} for matrices. */
    private static String index(int[] shape, int flat) {
        if (shape.length <= 1) {
            return "[" + flat + "]";
        }
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String typed(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + brief(v);
    }
}
