package io.gymbridge.env.spaces;

import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batching of spaces and values for vector envs, as {@code gymnasium.vector.utils} does it: {@link
 * #batch} is {@code batch_space}, {@link #concatenate} is {@code concatenate} and {@link #unbatch}
 * is {@code iterate}.
 *
 * <p>A batch of n values of a space, as Gymnasium 1.x batches them: Box values stack into one
 * tensor [n, ...] (space Box); Discrete values become an int64 tensor [n] (space MultiDiscrete);
 * MultiDiscrete and MultiBinary values stack into one tensor (space: an integer Box of their
 * ranges); Dict and Tuple batch each subspace; Text values become a list of n strings (space Tuple
 * of Text).
 */
public final class Spaces {
    private Spaces() {}

    /** The space of n values of {@code space}, as {@code gymnasium.vector.utils.batch_space}. */
    public static Space<?> batch(Space<?> space, int n) {
        if (space instanceof Box b) {
            return Box.of(tile(b.low(), n), tile(b.high(), n), b.dtype(), prepend(n, b.shape()));
        } else if (space instanceof Discrete d) {
            long[] nvec = new long[n];
            long[] start = new long[n];
            Arrays.fill(nvec, d.n());
            Arrays.fill(start, d.start());
            return MultiDiscrete.of(new int[] {n}, nvec, start);
        } else if (space instanceof MultiDiscrete m) {
            // As gymnasium.vector.utils.batch_space: an integer Box of the per-element ranges.
            long[] start = m.start();
            long[] nvec = m.nvec();
            double[] low = new double[start.length];
            double[] high = new double[start.length];
            for (int i = 0; i < start.length; i++) {
                low[i] = start[i];
                high[i] = start[i] + nvec[i] - 1;
            }
            return Box.of(tile(low, n), tile(high, n), DType.INT64, prepend(n, m.shape()));
        } else if (space instanceof MultiBinary m) {
            return Box.of(0, 1, DType.INT8, prepend(n, m.shape()));
        } else if (space instanceof DictSpace d) {
            Map<String, Space<?>> out = new LinkedHashMap<>();
            d.spaces().forEach((k, s) -> out.put(k, batch(s, n)));
            return new DictSpace(out);
        } else if (space instanceof TupleSpace t) {
            List<Space<?>> out = new ArrayList<>();
            t.spaces().forEach(s -> out.add(batch(s, n)));
            return new TupleSpace(out);
        } else if (space instanceof Text) {
            return new TupleSpace(Collections.nCopies(n, space));
        }
        throw new IllegalArgumentException("cannot batch " + space);
    }

    /** One batched value of n = values.size() values of {@code space}. */
    public static Object concatenate(Space<?> space, List<?> values) {
        int n = values.size();
        if (space instanceof Box
                || space instanceof MultiBinary
                || space instanceof MultiDiscrete) {
            List<Tensor> tensors = new ArrayList<>(n);
            for (Object v : values) {
                // cast: a MultiDiscrete value of any integer dtype becomes int64, as its batch is
                tensors.add((Tensor) space.cast(v));
            }
            return Tensor.stack(tensors);
        } else if (space instanceof Discrete) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) values.get(i)).longValue();
            }
            return Tensor.wrap(DType.INT64, new int[] {n}, out);
        } else if (space instanceof DictSpace d) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                List<Object> column = new ArrayList<>(n);
                for (Object v : values) {
                    column.add(((Map<?, ?>) v).get(e.getKey()));
                }
                out.put(e.getKey(), concatenate(e.getValue(), column));
            }
            return Collections.unmodifiableMap(out);
        } else if (space instanceof TupleSpace t) {
            List<Object> out = new ArrayList<>();
            for (int j = 0; j < t.spaces().size(); j++) {
                List<Object> column = new ArrayList<>(n);
                for (Object v : values) {
                    column.add(((List<?>) v).get(j));
                }
                out.add(concatenate(t.spaces().get(j), column));
            }
            return Collections.unmodifiableList(out);
        } else if (space instanceof Text) {
            return List.copyOf(values);
        }
        throw new IllegalArgumentException("cannot concatenate values of " + space);
    }

    /** The n single values of a batched value of {@code space} (the single space). */
    public static List<Object> unbatch(Space<?> space, Object batched, int n) {
        List<Object> out = new ArrayList<>(n);
        if (space instanceof Box
                || space instanceof MultiBinary
                || space instanceof MultiDiscrete) {
            Tensor t = (Tensor) batched;
            for (int i = 0; i < n; i++) {
                out.add(t.get(i));
            }
        } else if (space instanceof Discrete) {
            Tensor t = (Tensor) batched;
            for (int i = 0; i < n; i++) {
                long v = t.getLong(i);
                if (t.dtype() == DType.UINT64 && v < 0) { // above 2^63 - 1, not -1
                    throw new ArithmeticException(Long.toUnsignedString(v) + " overflows an int");
                }
                out.add(Math.toIntExact(v));
            }
        } else if (space instanceof DictSpace d) {
            List<Map<String, Object>> maps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                maps.add(new LinkedHashMap<>());
            }
            Map<?, ?> columns = (Map<?, ?>) batched;
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                List<Object> column = unbatch(e.getValue(), columns.get(e.getKey()), n);
                for (int i = 0; i < n; i++) {
                    maps.get(i).put(e.getKey(), column.get(i));
                }
            }
            maps.forEach(m -> out.add(Collections.unmodifiableMap(m)));
        } else if (space instanceof TupleSpace t) {
            List<List<Object>> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(new ArrayList<>());
            }
            List<?> columns = (List<?>) batched;
            for (int j = 0; j < t.spaces().size(); j++) {
                List<Object> column = unbatch(t.spaces().get(j), columns.get(j), n);
                for (int i = 0; i < n; i++) {
                    rows.get(i).add(column.get(i));
                }
            }
            rows.forEach(r -> out.add(Collections.unmodifiableList(r)));
        } else if (space instanceof Text) {
            out.addAll((List<?>) batched);
        } else {
            throw new IllegalArgumentException("cannot unbatch values of " + space);
        }
        return out;
    }

    /** A short description of a value's type for error messages, e.g. {@code float64[3] tensor}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Tensor t) {
            return "tensor " + t.describe();
        } else if (value instanceof String s) {
            return "String " + EnvException.echo(s);
        } else if (value instanceof Number || value instanceof Boolean) {
            return value.getClass().getSimpleName() + " " + value;
        }
        return value.getClass().getSimpleName();
    }

    /** Python's tuple notation of a shape: {@code (4,)}, {@code (2, 3)}, {@code ()}. */
    public static String pythonShape(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** Python's float notation: {@code 1.0}, {@code -inf}, {@code 3.4028235e+38}. */
    public static String pythonFloat(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    private static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private static double[] tile(double[] a, int n) {
        double[] out = new double[a.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static long[] tile(long[] a, int n) {
        long[] out = new long[a.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }
}
