package io.gymbridge.wire;

import com.google.protobuf.UnsafeByteOperations;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Text;
import io.gymbridge.env.spaces.TupleSpace;
import io.gymbridge.proto.v1.BoxSpace;
import io.gymbridge.proto.v1.DictSpaceEntry;
import io.gymbridge.proto.v1.DiscreteSpace;
import io.gymbridge.proto.v1.MultiBinarySpace;
import io.gymbridge.proto.v1.MultiDiscreteSpace;
import io.gymbridge.proto.v1.TextSpace;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.proto.v1.ValueList;
import io.gymbridge.proto.v1.ValueMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Converts between the Env API's values and the gymbridge.v1 messages, both ways, for the client
 * and the server alike.
 *
 * <p>Decoding validates: a malformed message (an unset dtype, a tensor whose byte length does not
 * match its shape, a value of the wrong kind for its space) throws {@link IllegalArgumentException}
 * with a message naming what is wrong, which the server answers with INVALID_ARGUMENT.
 */
public final class ProtoCodec {
    private ProtoCodec() {}

    // ---- tensors ----

    /** Encodes a tensor: dtype, shape, packed little-endian data. */
    public static io.gymbridge.proto.v1.Tensor toProto(Tensor t) {
        byte[] bytes = new byte[t.byteSize()];
        t.writeLittleEndian(ByteBuffer.wrap(bytes));
        io.gymbridge.proto.v1.Tensor.Builder b =
                io.gymbridge.proto.v1.Tensor.newBuilder()
                        .setDtype(WireEnums.toProto(t.dtype()))
                        // The array is ours alone and never changes: wrap it instead of copying.
                        .setData(UnsafeByteOperations.unsafeWrap(bytes));
        for (int i = 0; i < t.rank(); i++) {
            b.addShape(t.dim(i));
        }
        return b.build();
    }

    /** The most dimensions of a tensor on the wire (NumPy 1.x's limit). */
    public static final int MAX_RANK = 32;

    /**
     * Decodes a tensor, checking dtype, shape and byte length: at most {@value #MAX_RANK}
     * dimensions, each in [0, 2^31 - 1], at most 2^31 - 1 elements (docs/protocol.md, section 8).
     */
    public static Tensor fromProto(io.gymbridge.proto.v1.Tensor t) {
        DType dtype = WireEnums.dtypeOf(t.getDtypeValue());
        if (t.getShapeCount() > MAX_RANK) {
            throw new IllegalArgumentException(
                    "tensor shape has " + t.getShapeCount() + " dimensions, more than " + MAX_RANK);
        }
        int[] shape = new int[t.getShapeCount()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getShape(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "tensor shape has an invalid dimension " + d + " at " + i);
            }
            shape[i] = (int) d;
            // both factors are at most 2^31 - 1, so the product cannot overflow a long
            elements = Math.min(elements * d, (long) Integer.MAX_VALUE + 1);
        }
        if (elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "tensor of shape "
                            + java.util.Arrays.toString(shape)
                            + " has more than "
                            + Integer.MAX_VALUE
                            + " elements");
        }
        return Tensor.fromLittleEndian(dtype, shape, t.getData().asReadOnlyByteBuffer());
    }

    // ---- values ----

    /**
     * Encodes a value of the Env API: a Tensor, an integer (Integer, Long, Short, Byte), a Double
     * or Float, a Boolean, a String, a Map with String keys, a List, or null.
     *
     * @throws IllegalArgumentException for any other type
     */
    public static Value toValue(Object v) {
        if (v == null) {
            return Value.getDefaultInstance();
        } else if (v instanceof Tensor t) {
            return Value.newBuilder().setTensor(toProto(t)).build();
        } else if (v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte) {
            return Value.newBuilder().setIntValue(((Number) v).longValue()).build();
        } else if (v instanceof Double || v instanceof Float) {
            return Value.newBuilder().setDoubleValue(((Number) v).doubleValue()).build();
        } else if (v instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        } else if (v instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        } else if (v instanceof Map<?, ?> m) {
            return Value.newBuilder().setMapValue(toValueMap(m)).build();
        } else if (v instanceof List<?> list) {
            ValueList.Builder b = ValueList.newBuilder();
            for (Object e : list) {
                b.addValues(toValue(e));
            }
            return Value.newBuilder().setListValue(b).build();
        }
        throw new IllegalArgumentException(
                "cannot send a "
                        + v.getClass().getName()
                        + "; use Tensor, Long, Double, Boolean, String, Map or List");
    }

    /** Encodes a map with String keys. */
    public static ValueMap toValueMap(Map<?, ?> m) {
        ValueMap.Builder b = ValueMap.newBuilder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
            }
            b.putEntries(key, toValue(e.getValue()));
        }
        return b.build();
    }

    /**
     * Decodes a value without a space (infos, options, kwargs): int_value gives Long, double_value
     * Double, map_value an unmodifiable Map, list_value an unmodifiable List, an unset value null.
     */
    public static Object fromValue(Value v) {
        return switch (v.getKindCase()) {
            case TENSOR -> fromProto(v.getTensor());
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case MAP_VALUE -> fromValueMap(v.getMapValue());
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>(v.getListValue().getValuesCount());
                for (Value e : v.getListValue().getValuesList()) {
                    out.add(fromValue(e));
                }
                yield Collections.unmodifiableList(out);
            }
            case KIND_NOT_SET -> null;
        };
    }

    /** Decodes a map of values (see {@link #fromValue}). */
    public static Map<String, Object> fromValueMap(ValueMap m) {
        if (m.getEntriesCount() == 0) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : m.getEntriesMap().entrySet()) {
            out.put(e.getKey(), fromValue(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Decodes a value of {@code space} (a single or a batched space): Discrete gives Integer, Dict
     * a Map in the space's key order, Tuple a List, Text a String, the others a Tensor. The kinds
     * must match; bounds are checked by the caller.
     *
     * @throws IllegalArgumentException naming the space if the value's kind does not fit
     */
    public static Object fromSpaceValue(Space<?> space, Value v) {
        if (space instanceof Box
                || space instanceof MultiDiscrete
                || space instanceof MultiBinary) {
            if (!v.hasTensor()) {
                throw kindMismatch(space, "a tensor", v);
            }
            return fromProto(v.getTensor());
        } else if (space instanceof Discrete) {
            if (v.getKindCase() == Value.KindCase.INT_VALUE) {
                return toDiscrete(space, v.getIntValue(), false);
            } else if (v.hasTensor() && v.getTensor().getShapeCount() == 0) {
                Tensor t = fromProto(v.getTensor());
                if (t.dtype().isFloating()) {
                    throw kindMismatch(space, "an integer", v);
                }
                return toDiscrete(space, t.getLong(0), t.dtype() == DType.UINT64);
            }
            throw kindMismatch(space, "an integer", v);
        } else if (space instanceof Text) {
            if (v.getKindCase() != Value.KindCase.STRING_VALUE) {
                throw kindMismatch(space, "a string", v);
            }
            return v.getStringValue();
        } else if (space instanceof DictSpace d) {
            if (!v.hasMapValue()) {
                throw kindMismatch(space, "a map", v);
            }
            Map<String, Value> entries = v.getMapValue().getEntriesMap();
            if (!entries.keySet().equals(d.spaces().keySet())) {
                throw new IllegalArgumentException(
                        "expected keys "
                                + d.spaces().keySet()
                                + " of "
                                + space
                                + ", got "
                                + EnvException.echo(entries.keySet()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                out.put(e.getKey(), fromSpaceValue(e.getValue(), entries.get(e.getKey())));
            }
            return Collections.unmodifiableMap(out);
        } else if (space instanceof TupleSpace t) {
            if (!v.hasListValue()) {
                throw kindMismatch(space, "a list", v);
            }
            List<Value> values = v.getListValue().getValuesList();
            if (values.size() != t.spaces().size()) {
                throw new IllegalArgumentException(
                        "expected "
                                + t.spaces().size()
                                + " elements of "
                                + space
                                + ", got "
                                + values.size());
            }
            List<Object> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(fromSpaceValue(t.spaces().get(i), values.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException("unsupported space " + space);
    }

    /** An integer as a Discrete value, or why it is outside {@code space} (read exactly). */
    private static int toDiscrete(Space<?> space, long n, boolean unsigned64) {
        if (unsigned64 && n < 0) { // above 2^63 - 1
            throw new IllegalArgumentException(Long.toUnsignedString(n) + " is outside " + space);
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " is outside " + space);
        }
        return (int) n;
    }

    private static IllegalArgumentException kindMismatch(Space<?> space, String expected, Value v) {
        String got =
                v.getKindCase() == Value.KindCase.KIND_NOT_SET
                        ? "nothing"
                        : v.getKindCase().name().toLowerCase(java.util.Locale.ROOT);
        return new IllegalArgumentException(
                "expected " + expected + " for " + space + ", got " + got);
    }

    // ---- spaces ----

    /** Encodes a space. */
    public static io.gymbridge.proto.v1.Space toProto(Space<?> space) {
        io.gymbridge.proto.v1.Space.Builder b = io.gymbridge.proto.v1.Space.newBuilder();
        if (space instanceof Box box) {
            BoxSpace.Builder bb = BoxSpace.newBuilder().setDtype(WireEnums.toProto(box.dtype()));
            for (int d : box.shape()) {
                bb.addShape(d);
            }
            bb.setLow(toProto(Tensor.of(DType.FLOAT64, box.shape(), box.low())));
            bb.setHigh(toProto(Tensor.of(DType.FLOAT64, box.shape(), box.high())));
            b.setBox(bb);
        } else if (space instanceof Discrete d) {
            b.setDiscrete(DiscreteSpace.newBuilder().setN(d.n()).setStart(d.start()));
        } else if (space instanceof MultiDiscrete m) {
            b.setMultiDiscrete(
                    MultiDiscreteSpace.newBuilder()
                            .setNvec(toProto(Tensor.of(DType.INT64, m.shape(), m.nvec())))
                            .setStart(toProto(Tensor.of(DType.INT64, m.shape(), m.start()))));
        } else if (space instanceof MultiBinary m) {
            MultiBinarySpace.Builder mb = MultiBinarySpace.newBuilder();
            for (int d : m.shape()) {
                mb.addShape(d);
            }
            b.setMultiBinary(mb);
        } else if (space instanceof DictSpace d) {
            io.gymbridge.proto.v1.DictSpace.Builder db =
                    io.gymbridge.proto.v1.DictSpace.newBuilder();
            d.spaces()
                    .forEach(
                            (k, s) ->
                                    db.addEntries(
                                            DictSpaceEntry.newBuilder()
                                                    .setKey(k)
                                                    .setSpace(toProto(s))));
            b.setDict(db);
        } else if (space instanceof TupleSpace t) {
            io.gymbridge.proto.v1.TupleSpace.Builder tb =
                    io.gymbridge.proto.v1.TupleSpace.newBuilder();
            t.spaces().forEach(s -> tb.addSpaces(toProto(s)));
            b.setTuple(tb);
        } else if (space instanceof Text t) {
            b.setText(
                    TextSpace.newBuilder()
                            .setMinLength(t.minLength())
                            .setMaxLength(t.maxLength())
                            .setCharset(t.charset()));
        } else {
            throw new IllegalArgumentException("cannot encode space " + space);
        }
        return b.build();
    }

    /** Decodes a space, validating it. */
    public static Space<?> fromProto(io.gymbridge.proto.v1.Space s) {
        switch (s.getKindCase()) {
            case BOX -> {
                BoxSpace box = s.getBox();
                int[] shape = toIntShape(box.getShapeList());
                Tensor low = fromProto(box.getLow());
                Tensor high = fromProto(box.getHigh());
                return Box.of(
                        low.toDoubleArray(),
                        high.toDoubleArray(),
                        WireEnums.dtypeOf(box.getDtypeValue()),
                        shape);
            }
            case DISCRETE -> {
                return new Discrete(
                        Math.toIntExact(s.getDiscrete().getN()),
                        Math.toIntExact(s.getDiscrete().getStart()));
            }
            case MULTI_DISCRETE -> {
                Tensor nvec = fromProto(s.getMultiDiscrete().getNvec());
                long[] start =
                        s.getMultiDiscrete().hasStart()
                                ? fromProto(s.getMultiDiscrete().getStart()).toLongArray()
                                : new long[nvec.size()];
                return MultiDiscrete.of(nvec.shape(), nvec.toLongArray(), start);
            }
            case MULTI_BINARY -> {
                return new MultiBinary(toIntShape(s.getMultiBinary().getShapeList()));
            }
            case DICT -> {
                Map<String, Space<?>> spaces = new LinkedHashMap<>();
                for (DictSpaceEntry e : s.getDict().getEntriesList()) {
                    spaces.put(e.getKey(), fromProto(e.getSpace()));
                }
                return new DictSpace(spaces);
            }
            case TUPLE -> {
                List<Space<?>> spaces = new ArrayList<>();
                s.getTuple().getSpacesList().forEach(x -> spaces.add(fromProto(x)));
                return new TupleSpace(spaces);
            }
            case TEXT -> {
                TextSpace t = s.getText();
                return new Text(
                        t.getMinLength(),
                        t.getMaxLength(),
                        t.getCharset().isEmpty() ? Text.ALPHANUMERIC : t.getCharset());
            }
            default -> throw new IllegalArgumentException("space kind is unset");
        }
    }

    private static int[] toIntShape(List<Long> shape) {
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(shape.get(i));
        }
        return out;
    }

    // ---- specs ----

    /** Encodes an env spec. */
    public static io.gymbridge.proto.v1.EnvSpec toProto(EnvSpec spec) {
        io.gymbridge.proto.v1.EnvSpec.Builder b =
                io.gymbridge.proto.v1.EnvSpec.newBuilder()
                        .setId(spec.id())
                        .setNondeterministic(spec.nondeterministic());
        spec.maxEpisodeSteps().ifPresent(b::setMaxEpisodeSteps);
        spec.rewardThreshold().ifPresent(b::setRewardThreshold);
        return b.build();
    }

    /** Decodes an env spec. */
    public static EnvSpec fromProto(io.gymbridge.proto.v1.EnvSpec s) {
        return new EnvSpec(
                s.getId(),
                s.hasMaxEpisodeSteps()
                        ? OptionalInt.of(Math.toIntExact(s.getMaxEpisodeSteps()))
                        : OptionalInt.empty(),
                s.hasRewardThreshold()
                        ? OptionalDouble.of(s.getRewardThreshold())
                        : OptionalDouble.empty(),
                s.getNondeterministic());
    }

    // ---- infos ----

    /** Encodes per-env infos: an empty list when every info is empty. */
    public static List<ValueMap> toInfos(List<Map<String, Object>> infos) {
        boolean anyInfo = false;
        for (Map<String, Object> info : infos) {
            anyInfo |= !info.isEmpty();
        }
        if (!anyInfo) {
            return List.of();
        }
        List<ValueMap> out = new ArrayList<>(infos.size());
        for (Map<String, Object> info : infos) {
            out.add(toValueMap(info));
        }
        return out;
    }

    /** Decodes per-env infos, expanding an empty list to n empty infos. */
    public static List<Map<String, Object>> fromInfos(List<ValueMap> infos, int n) {
        if (infos.isEmpty()) {
            return Collections.nCopies(n, Map.of());
        }
        if (infos.size() != n) {
            throw new IllegalArgumentException("expected " + n + " infos, got " + infos.size());
        }
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (ValueMap m : infos) {
            out.add(fromValueMap(m));
        }
        return out;
    }
}
