package io.gymbridge.env.wrappers;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Text;
import io.gymbridge.env.spaces.TupleSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Flattens every observation into a 1-D tensor, as {@code gymnasium.wrappers.FlattenObservation}
 * with {@code gymnasium.spaces.utils.flatten} and {@code flatten_space}, which {@link #flatten} and
 * {@link #flattenSpace} reproduce:
 *
 * <table>
 *   <caption>How each space flattens</caption>
 *   <tr><th>space</th><th>flat value</th><th>flat space</th></tr>
 *   <tr><td>Box</td><td>the elements, row-major</td><td>Box of the same bounds and dtype</td></tr>
 *   <tr><td>Discrete(n)</td><td>one-hot of {@code x - start}</td><td>Box(0, 1, (n,), int64)</td></tr>
 *   <tr><td>MultiDiscrete</td><td>one-hot of each element, concatenated</td>
 *       <td>Box(0, 1, (sum(nvec),), int64)</td></tr>
 *   <tr><td>MultiBinary</td><td>the bits, row-major</td><td>Box(0, 1, (n,), int8)</td></tr>
 *   <tr><td>Text</td><td>character indices, padded with len(charset)</td>
 *       <td>Box(0, len(charset), (max_length,), int32)</td></tr>
 *   <tr><td>Dict, Tuple</td><td>the subspaces' flat values concatenated in order</td>
 *       <td>concatenated bounds, dtype promoted as {@code np.result_type}</td></tr>
 * </table>
 *
 * <p>So the flat dtype is not always float: {@code Dict{"b": Box(2) float32, "d": Discrete(3)}}
 * flattens to float64 (int64 and float32 promote to float64), a lone Discrete to int64. Dict
 * subspaces are taken in the DictSpace's order (Gymnasium sorts the keys of a plain dict when it
 * builds a Dict space; build the DictSpace from a sorted map to get Gymnasium's layout).
 *
 * @param <O> the observation type of the wrapped env
 * @param <A> the action type
 */
public final class FlattenObservation<O, A> extends ObservationWrapper<O, Tensor, A> {

    /**
     * Flattens the observations of {@code env}.
     *
     * @throws IllegalArgumentException if the observation space cannot be flattened
     */
    public FlattenObservation(Env<O, A> env) {
        super(env, flattenSpace(env.observationSpace()));
    }

    @Override
    protected Tensor observation(O observation) {
        return flatten(env.observationSpace(), observation);
    }

    /**
     * The 1-D Box of flattened values of {@code space}, as {@code flatten_space}.
     *
     * @throws IllegalArgumentException for a space kind that cannot be flattened
     */
    public static Box flattenSpace(Space<?> space) {
        if (space instanceof Box b) {
            return Box.of(b.low(), b.high(), b.dtype(), b.size());
        } else if (space instanceof Discrete || space instanceof MultiDiscrete) {
            return Box.of(0, 1, DType.INT64, flatdim(space));
        } else if (space instanceof MultiBinary) {
            return Box.of(0, 1, DType.INT8, flatdim(space));
        } else if (space instanceof Text t) {
            return Box.of(0, t.charset().length(), DType.INT32, t.maxLength());
        } else if (space instanceof DictSpace || space instanceof TupleSpace) {
            List<Box> parts = new ArrayList<>();
            for (Space<?> s : subspaces(space)) {
                parts.add(flattenSpace(s));
            }
            int n = parts.stream().mapToInt(Box::size).sum();
            double[] low = new double[n];
            double[] high = new double[n];
            DType dtype = parts.get(0).dtype();
            int at = 0;
            for (Box part : parts) {
                System.arraycopy(part.low(), 0, low, at, part.size());
                System.arraycopy(part.high(), 0, high, at, part.size());
                at += part.size();
                dtype = resultType(dtype, part.dtype());
            }
            return Box.of(low, high, dtype, n);
        }
        throw new IllegalArgumentException("cannot flatten " + space);
    }

    /**
     * The number of elements of a flattened value of {@code space}, as {@code flatdim}.
     *
     * @throws IllegalArgumentException for a space kind that cannot be flattened
     */
    public static int flatdim(Space<?> space) {
        if (space instanceof Box b) {
            return b.size();
        } else if (space instanceof Discrete d) {
            return d.n();
        } else if (space instanceof MultiDiscrete m) {
            long sum = 0;
            for (long k : m.nvec()) {
                sum += k;
            }
            return Math.toIntExact(sum);
        } else if (space instanceof MultiBinary m) {
            return Tensor.zeros(DType.INT8, m.shape()).size();
        } else if (space instanceof Text t) {
            return t.maxLength();
        } else if (space instanceof DictSpace || space instanceof TupleSpace) {
            int sum = 0;
            for (Space<?> s : subspaces(space)) {
                sum += flatdim(s);
            }
            return sum;
        }
        throw new IllegalArgumentException("cannot flatten " + space);
    }

    /**
     * One value of {@code space} as a 1-D tensor in {@link #flattenSpace}(space), as {@code
     * flatten}.
     *
     * @throws IllegalArgumentException for a space kind that cannot be flattened
     */
    public static Tensor flatten(Space<?> space, Object value) {
        if (space instanceof Box b) {
            Tensor t = (Tensor) value;
            return t.astype(b.dtype()).reshape(t.size());
        } else if (space instanceof MultiBinary) {
            Tensor t = (Tensor) value;
            return t.astype(DType.INT8).reshape(t.size());
        } else if (space instanceof Discrete d) {
            long[] onehot = new long[d.n()];
            onehot[Math.toIntExact(((Number) value).longValue() - d.start())] = 1;
            return Tensor.wrap(DType.INT64, new int[] {onehot.length}, onehot);
        } else if (space instanceof MultiDiscrete m) {
            Tensor t = (Tensor) value;
            long[] nvec = m.nvec();
            long[] start = m.start();
            long[] onehot = new long[flatdim(m)];
            int offset = 0;
            for (int i = 0; i < nvec.length; i++) {
                onehot[Math.toIntExact(offset + t.getLong(i) - start[i])] = 1;
                offset += (int) nvec[i];
            }
            return Tensor.wrap(DType.INT64, new int[] {onehot.length}, onehot);
        } else if (space instanceof Text t) {
            String s = (String) value;
            int[] indices = new int[t.maxLength()];
            Arrays.fill(indices, t.charset().length());
            for (int i = 0; i < s.length(); i++) {
                indices[i] = t.charset().indexOf(s.charAt(i));
            }
            return Tensor.wrap(DType.INT32, new int[] {indices.length}, indices);
        } else if (space instanceof DictSpace || space instanceof TupleSpace) {
            return flattenComposite(space, value);
        }
        throw new IllegalArgumentException("cannot flatten " + space);
    }

    private static Tensor flattenComposite(Space<?> space, Object value) {
        List<Space<?>> spaces = subspaces(space);
        List<Tensor> parts = new ArrayList<>(spaces.size());
        if (space instanceof DictSpace d) {
            Map<?, ?> map = (Map<?, ?>) value;
            d.spaces().forEach((k, s) -> parts.add(flatten(s, map.get(k))));
        } else {
            List<?> list = (List<?>) value;
            for (int i = 0; i < spaces.size(); i++) {
                parts.add(flatten(spaces.get(i), list.get(i)));
            }
        }
        DType dtype = parts.get(0).dtype();
        int n = 0;
        for (Tensor p : parts) {
            dtype = resultType(dtype, p.dtype());
            n += p.size();
        }
        int at = 0;
        if (dtype.isFloating()) {
            double[] out = new double[n];
            for (Tensor p : parts) {
                for (int i = 0; i < p.size(); i++) {
                    out[at++] = p.getDouble(i);
                }
            }
            return Tensor.wrap(DType.FLOAT64, new int[] {n}, out).astype(dtype);
        }
        long[] out = new long[n];
        for (Tensor p : parts) {
            for (int i = 0; i < p.size(); i++) {
                out[at++] = p.getLong(i);
            }
        }
        return Tensor.wrap(DType.INT64, new int[] {n}, out).astype(dtype);
    }

    private static List<Space<?>> subspaces(Space<?> space) {
        List<Space<?>> out =
                space instanceof DictSpace d
                        ? new ArrayList<>(d.spaces().values())
                        : ((TupleSpace) space).spaces();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("cannot flatten the empty " + space);
        }
        return out;
    }

    /**
     * NumPy's type promotion of two dtypes ({@code np.result_type}): the smallest dtype that holds
     * both, e.g. int64 and float32 give float64, int8 and float32 float32, uint8 and int8 int16.
     */
    public static DType resultType(DType a, DType b) {
        if (a == b || b == DType.BOOL) {
            return a;
        } else if (a == DType.BOOL) {
            return b;
        } else if (a.isFloating() && b.isFloating()) {
            return DType.FLOAT64;
        } else if (a.isFloating() || b.isFloating()) {
            DType f = a.isFloating() ? a : b;
            DType integer = a.isFloating() ? b : a;
            return f == DType.FLOAT32 && integer.itemSize() <= 2 ? DType.FLOAT32 : DType.FLOAT64;
        }
        boolean aUnsigned = a.minValue() == 0;
        boolean bUnsigned = b.minValue() == 0;
        if (aUnsigned == bUnsigned) {
            return a.itemSize() >= b.itemSize() ? a : b;
        }
        DType unsigned = aUnsigned ? a : b;
        DType signed = aUnsigned ? b : a;
        if (signed.itemSize() > unsigned.itemSize()) {
            return signed;
        }
        return switch (unsigned.itemSize()) {
            case 1 -> DType.INT16;
            case 2 -> DType.INT32;
            case 4 -> DType.INT64;
            default -> DType.FLOAT64;
        };
    }
}
