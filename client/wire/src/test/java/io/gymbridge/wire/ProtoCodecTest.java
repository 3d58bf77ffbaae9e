package io.gymbridge.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.gymbridge.env.DType;
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
import io.gymbridge.proto.v1.Value;
import io.gymbridge.proto.v1.ValueMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProtoCodecTest {

    // ---- tensors ----

    /** A 2x3 tensor of {@code dtype} with its type's edge values (signs, extremes, NaN, -0). */
    private static Tensor edgeValues(DType dtype) {
        Object data =
                switch (dtype) {
                    case FLOAT32 ->
                            new float[] {
                                0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MAX_VALUE
                            };
                    case FLOAT64 ->
                            new double[] {
                                0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE
                            };
                    case INT8, UINT8 -> new byte[] {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE, 7};
                    case BOOL -> new byte[] {0, 1, 1, 0, 0, 1};
                    case INT16, UINT16 ->
                            new short[] {0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE, 7};
                    case INT32, UINT32 ->
                            new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 7};
                    case INT64, UINT64 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 7};
                };
        return Tensor.of(dtype, new int[] {2, 3}, data);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void toProto_everyDType_roundTripsBitForBit(DType dtype) {
        Tensor t = edgeValues(dtype);

        io.gymbridge.proto.v1.Tensor p = ProtoCodec.toProto(t);

        assertEquals(WireEnums.toProto(dtype), p.getDtype());
        assertEquals(List.of(2L, 3L), p.getShapeList());
        assertEquals(6 * dtype.itemSize(), p.getData().size());
        assertEquals(t, ProtoCodec.fromProto(p));
    }

    @Test
    void toProto_int32_isPackedLittleEndian() {
        Tensor t = Tensor.of(DType.INT32, new int[] {2}, new int[] {1, 0x01020304});

        ByteString data = ProtoCodec.toProto(t).getData();

        assertArrayEquals(new byte[] {1, 0, 0, 0, 4, 3, 2, 1}, data.toByteArray());
    }

    @Test
    void toProto_scalarTensor_hasNoShapeAndRoundTrips() {
        Tensor t = Tensor.of(DType.FLOAT64, new int[0], new double[] {2.5});

        io.gymbridge.proto.v1.Tensor p = ProtoCodec.toProto(t);

        assertEquals(0, p.getShapeCount());
        assertEquals(t, ProtoCodec.fromProto(p));
    }

    @Test
    void fromProto_wrongByteLength_failsNamingDtypeShapeAndBytes() {
        io.gymbridge.proto.v1.Tensor p =
                ProtoCodec.toProto(Tensor.of(1f, 2f)).toBuilder()
                        .setData(ByteString.copyFrom(new byte[7]))
                        .build();

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p));

        assertEquals("a float32 tensor of shape [2] needs 8 bytes of data, got 7", e.getMessage());
    }

    @Test
    void fromProto_unknownDtype_failsNamingTheNumber() {
        io.gymbridge.proto.v1.Tensor p =
                ProtoCodec.toProto(Tensor.of(1f)).toBuilder().setDtypeValue(99).build();

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p));

        assertEquals("tensor dtype is unset or unknown (99)", e.getMessage());
    }

    @Test
    void fromProto_unsetDtype_fails() {
        io.gymbridge.proto.v1.Tensor p =
                ProtoCodec.toProto(Tensor.of(1f)).toBuilder().clearDtype().build();

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p));

        assertEquals("tensor dtype is unset or unknown (DTYPE_UNSPECIFIED)", e.getMessage());
    }

    @Test
    void fromProto_negativeDimension_failsNamingIt() {
        io.gymbridge.proto.v1.Tensor p =
                ProtoCodec.toProto(Tensor.of(1f)).toBuilder().setShape(0, -1).build();

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p));

        assertEquals("tensor shape has an invalid dimension -1 at 0", e.getMessage());
    }

    @Test
    void fromProto_33Dimensions_failsNamingTheCap() {
        io.gymbridge.proto.v1.Tensor.Builder p =
                io.gymbridge.proto.v1.Tensor.newBuilder()
                        .setDtype(io.gymbridge.proto.v1.DType.DTYPE_INT8)
                        .setData(ByteString.copyFrom(new byte[1]));
        for (int i = 0; i < 33; i++) {
            p.addShape(1);
        }

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p.build()));

        assertEquals("tensor shape has 33 dimensions, more than 32", e.getMessage());
    }

    @Test
    void fromProto_moreThan2To31Elements_failsBeforeReadingData() {
        io.gymbridge.proto.v1.Tensor p =
                io.gymbridge.proto.v1.Tensor.newBuilder()
                        .setDtype(io.gymbridge.proto.v1.DType.DTYPE_INT8)
                        .addShape(1 << 16)
                        .addShape(1 << 16)
                        .addShape(Integer.MAX_VALUE)
                        .build();

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(p));

        assertEquals(
                "tensor of shape [65536, 65536, 2147483647] has more than 2147483647 elements",
                e.getMessage());
    }

    @Test
    void fromSpaceValue_uint64ScalarAbove2To63_reportedUnsigned() {
        Value v =
                ProtoCodec.toValue(
                        Tensor.of(io.gymbridge.env.DType.UINT64, new int[0], new long[] {-1L}));

        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.fromSpaceValue(new Discrete(2), v));

        assertEquals("18446744073709551615 is outside Discrete(2)", e.getMessage());
    }

    // ---- spaces ----

    private static void assertRoundTrips(Space<?> space) {
        assertEquals(space, ProtoCodec.fromProto(ProtoCodec.toProto(space)));
    }

    @Test
    void toProto_box_roundTrips() {
        double inf = Double.POSITIVE_INFINITY;
        assertRoundTrips(Box.of(-2, 2, DType.FLOAT32, 1));
        assertRoundTrips(Box.of(new double[] {-inf, 0}, new double[] {inf, 1}, DType.FLOAT64));
        assertRoundTrips(Box.of(0, 255, DType.UINT8, 2, 3, 1));
        assertRoundTrips(
                Box.of(
                        new double[] {-1, -2, -3, -4},
                        new double[] {1, 2, 3, 4},
                        DType.INT64,
                        2,
                        2));
    }

    @Test
    void toProto_discrete_roundTrips() {
        assertRoundTrips(new Discrete(2));
        assertRoundTrips(new Discrete(5, -2));
    }

    @Test
    void toProto_multiDiscrete_roundTrips() {
        assertRoundTrips(MultiDiscrete.of(3, 2, 4));
        assertRoundTrips(
                MultiDiscrete.of(
                        new int[] {2, 2}, new long[] {2, 3, 4, 5}, new long[] {0, -1, 1, 0}));
    }

    @Test
    void fromProto_multiDiscreteWithoutStart_startsAtZero() {
        io.gymbridge.proto.v1.Space p = ProtoCodec.toProto(MultiDiscrete.of(3, 2));
        io.gymbridge.proto.v1.Space noStart =
                p.toBuilder()
                        .setMultiDiscrete(p.getMultiDiscrete().toBuilder().clearStart())
                        .build();

        assertEquals(MultiDiscrete.of(3, 2), ProtoCodec.fromProto(noStart));
    }

    @Test
    void toProto_multiBinary_roundTrips() {
        assertRoundTrips(new MultiBinary(4));
        assertRoundTrips(new MultiBinary(2, 3));
    }

    @Test
    void toProto_text_roundTrips() {
        assertRoundTrips(new Text(8));
        assertRoundTrips(new Text(0, 3, "ab"));
    }

    @Test
    void fromProto_textWithoutCharset_isAlphanumeric() {
        io.gymbridge.proto.v1.Space p = ProtoCodec.toProto(new Text(1, 4, "x"));
        io.gymbridge.proto.v1.Space noCharset =
                p.toBuilder().setText(p.getText().toBuilder().clearCharset()).build();

        assertEquals(new Text(1, 4, Text.ALPHANUMERIC), ProtoCodec.fromProto(noCharset));
    }

    @Test
    void toProto_dict_roundTripsInKeyOrder() {
        Map<String, Space<?>> spaces = new LinkedHashMap<>();
        spaces.put("position", Box.of(-1, 1, DType.FLOAT32, 2));
        spaces.put("gripper", new Discrete(2));
        spaces.put("name", new Text(5));
        DictSpace dict = new DictSpace(spaces);

        DictSpace back = (DictSpace) ProtoCodec.fromProto(ProtoCodec.toProto(dict));

        assertEquals(dict, back);
        assertEquals(
                List.of("position", "gripper", "name"), new ArrayList<>(back.spaces().keySet()));
    }

    @Test
    void toProto_tuple_roundTripsNested() {
        assertRoundTrips(
                new TupleSpace(
                        List.of(
                                new Discrete(3),
                                new MultiBinary(2),
                                new TupleSpace(List.of(MultiDiscrete.of(2, 2))),
                                new DictSpace(Map.of("a", new Discrete(4))))));
    }

    @Test
    void fromProto_unsetSpace_fails() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ProtoCodec.fromProto(
                                        io.gymbridge.proto.v1.Space.getDefaultInstance()));

        assertEquals("space kind is unset", e.getMessage());
    }

    @Test
    void toProto_spaceOfAnotherKind_failsNamingIt() {
        Space<Object> custom =
                new Space<>() {
                    @Override
                    public Optional<String> mismatch(Object value) {
                        return Optional.empty();
                    }

                    @Override
                    public Object cast(Object value) {
                        return value;
                    }

                    @Override
                    public Object sample(RandomGenerator rng) {
                        return null;
                    }

                    @Override
                    public int[] shape() {
                        return null;
                    }

                    @Override
                    public String toString() {
                        return "Graph()";
                    }
                };

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.toProto(custom));

        assertEquals("cannot encode space Graph()", e.getMessage());
    }

    // ---- values ----

    private static Object roundTrip(Object value) {
        return ProtoCodec.fromValue(ProtoCodec.toValue(value));
    }

    @Test
    void toValue_integers_comeBackAsLong() {
        assertEquals(7L, roundTrip(7));
        assertEquals(Long.MIN_VALUE, roundTrip(Long.MIN_VALUE));
        assertEquals(-3L, roundTrip((short) -3));
        assertEquals(5L, roundTrip((byte) 5));
    }

    @Test
    void toValue_floats_comeBackAsDouble() {
        assertEquals(1.5, roundTrip(1.5f));
        assertEquals(-0.25, roundTrip(-0.25));
        assertTrue(Double.isNaN((Double) roundTrip(Double.NaN)));
    }

    @Test
    void toValue_booleansAndStrings_roundTrip() {
        assertEquals(true, roundTrip(true));
        assertEquals(false, roundTrip(false));
        assertEquals("", roundTrip(""));
        assertEquals("rgb_array é", roundTrip("rgb_array é"));
    }

    @Test
    void toValue_null_isAnUnsetValue() {
        assertEquals(Value.KindCase.KIND_NOT_SET, ProtoCodec.toValue(null).getKindCase());
        assertNull(roundTrip(null));
    }

    @Test
    void toValue_tensor_roundTrips() {
        Tensor t = edgeValues(DType.UINT16);

        assertEquals(t, roundTrip(t));
    }

    @Test
    void toValue_nestedListsAndMaps_roundTripUnmodifiable() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("ok", true);
        inner.put("none", null);
        List<Object> value = new ArrayList<>();
        value.add(1);
        value.add("two");
        value.add(List.of(3.0, Tensor.ofLongs(4)));
        value.add(inner);

        Object back = roundTrip(value);

        assertEquals(List.of(1L, "two", List.of(3.0, Tensor.ofLongs(4)), inner), back);
        List<?> list = (List<?>) back;
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        Map<?, ?> map = (Map<?, ?>) list.get(3);
        assertThrows(UnsupportedOperationException.class, () -> map.remove("ok"));
    }

    @Test
    void toValueMap_emptyMap_comesBackEmpty() {
        assertEquals(Map.of(), ProtoCodec.fromValueMap(ProtoCodec.toValueMap(Map.of())));
    }

    @Test
    void toValue_unsupportedType_failsNamingItAndTheSupportedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.toValue('c'));

        assertEquals(
                "cannot send a java.lang.Character; use Tensor, Long, Double, Boolean, String, Map"
                        + " or List",
                e.getMessage());
    }

    @Test
    void toValue_unsupportedTypeInsideAList_fails() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.toValue(List.of(1, new int[] {2})));

        assertTrue(e.getMessage().startsWith("cannot send a [I;"), e.getMessage());
    }

    @Test
    void toValue_mapWithNonStringKey_failsNamingTheKey() {
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> ProtoCodec.toValue(Map.of(1, "a")));

        assertEquals("map keys must be strings, got 1", e.getMessage());
    }

    // ---- values of a space ----

    private static Value tensorValue(Tensor t) {
        return ProtoCodec.toValue(t);
    }

    @Test
    void fromSpaceValue_box_isTheTensor() {
        Box box = Box.of(-1, 1, DType.FLOAT32, 2);

        assertEquals(
                Tensor.of(0.5f, -1f),
                ProtoCodec.fromSpaceValue(box, tensorValue(Tensor.of(0.5f, -1f))));
    }

    @Test
    void fromSpaceValue_boxGivenAString_failsNamingSpaceAndKind() {
        Box box = Box.of(-1, 1, DType.FLOAT32, 2);

        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.fromSpaceValue(box, ProtoCodec.toValue("left")));

        assertEquals("expected a tensor for " + box + ", got string_value", e.getMessage());
    }

    @Test
    void fromSpaceValue_discrete_takesAnIntOrAScalarIntegerTensor() {
        Discrete d = new Discrete(3);

        assertEquals(2, ProtoCodec.fromSpaceValue(d, ProtoCodec.toValue(2L)));
        assertEquals(
                1,
                ProtoCodec.fromSpaceValue(
                        d, tensorValue(Tensor.of(DType.INT64, new int[0], new long[] {1}))));
    }

    @Test
    void fromSpaceValue_discreteGivenAFloatTensor_fails() {
        Discrete d = new Discrete(3);
        Value v = tensorValue(Tensor.of(DType.FLOAT32, new int[0], new float[] {1}));

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromSpaceValue(d, v));

        assertEquals("expected an integer for Discrete(3), got tensor", e.getMessage());
    }

    @Test
    void fromSpaceValue_discreteGivenNothing_failsSayingSo() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ProtoCodec.fromSpaceValue(
                                        new Discrete(3), Value.getDefaultInstance()));

        assertEquals("expected an integer for Discrete(3), got nothing", e.getMessage());
    }

    @Test
    void fromSpaceValue_discreteGivenAnIntBeyondInt32_fails() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ProtoCodec.fromSpaceValue(
                                        new Discrete(3), ProtoCodec.toValue(1L << 40)));

        assertEquals("1099511627776 is outside Discrete(3)", e.getMessage());
    }

    @Test
    void fromSpaceValue_text_isTheStringAndNothingElse() {
        Text text = new Text(4);

        assertEquals("ab", ProtoCodec.fromSpaceValue(text, ProtoCodec.toValue("ab")));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.fromSpaceValue(text, ProtoCodec.toValue(1)));
        assertEquals("expected a string for " + text + ", got int_value", e.getMessage());
    }

    @Test
    void fromSpaceValue_dict_followsTheSpacesKeyOrder() {
        Map<String, Space<?>> spaces = new LinkedHashMap<>();
        spaces.put("b", new Discrete(2));
        spaces.put("a", new Text(3));
        DictSpace dict = new DictSpace(spaces);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", "x");
        value.put("b", 1L);

        Object back = ProtoCodec.fromSpaceValue(dict, ProtoCodec.toValue(value));

        assertEquals(Map.of("a", "x", "b", 1), back);
        assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) back).keySet()));
    }

    @Test
    void fromSpaceValue_dictWithOtherKeys_failsNamingBoth() {
        DictSpace dict = new DictSpace(Map.of("a", new Discrete(2)));

        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.fromSpaceValue(dict, ProtoCodec.toValue(Map.of("b", 1))));

        assertEquals("expected keys [a] of " + dict + ", got [b]", e.getMessage());
    }

    @Test
    void fromSpaceValue_tuple_isAListOfItsElements() {
        TupleSpace tuple = new TupleSpace(List.of(new Discrete(2), new MultiBinary(2)));
        Tensor bits = Tensor.of(DType.INT8, new int[] {2}, new byte[] {1, 0});

        Object back = ProtoCodec.fromSpaceValue(tuple, ProtoCodec.toValue(List.of(1, bits)));

        assertEquals(List.of(1, bits), back);
    }

    @Test
    void fromSpaceValue_tupleOfAnotherLength_failsNamingBoth() {
        TupleSpace tuple = new TupleSpace(List.of(new Discrete(2), new Discrete(2)));

        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtoCodec.fromSpaceValue(tuple, ProtoCodec.toValue(List.of(1))));

        assertEquals("expected 2 elements of " + tuple + ", got 1", e.getMessage());
    }

    // ---- specs ----

    @Test
    void toProto_spec_roundTripsWithAndWithoutItsOptionalFields() {
        EnvSpec full =
                new EnvSpec("CartPole-v1", OptionalInt.of(500), OptionalDouble.of(475), true);
        EnvSpec bare = EnvSpec.of("Pendulum-v1");

        assertEquals(full, ProtoCodec.fromProto(ProtoCodec.toProto(full)));
        assertEquals(bare, ProtoCodec.fromProto(ProtoCodec.toProto(bare)));
    }

    // ---- infos ----

    @Test
    void toInfos_allEmpty_isAnEmptyListThatExpandsBack() {
        List<Map<String, Object>> infos = List.of(Map.of(), Map.of(), Map.of());

        List<ValueMap> wire = ProtoCodec.toInfos(infos);

        assertEquals(List.of(), wire);
        assertEquals(infos, ProtoCodec.fromInfos(wire, 3));
    }

    @Test
    void toInfos_someInfo_roundTripsOnePerEnv() {
        List<Map<String, Object>> infos =
                List.of(Map.of(), Map.of("lives", 3L, "final_obs", Tensor.of(1f, 2f)));

        List<ValueMap> wire = ProtoCodec.toInfos(infos);

        assertEquals(2, wire.size());
        assertEquals(infos, ProtoCodec.fromInfos(wire, 2));
    }

    @Test
    void fromInfos_wrongCount_failsNamingBoth() {
        List<ValueMap> wire = ProtoCodec.toInfos(List.of(Map.of("x", 1L), Map.of()));

        var e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromInfos(wire, 3));

        assertEquals("expected 3 infos, got 2", e.getMessage());
    }
}
