package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Text;
import io.gymbridge.env.spaces.TupleSpace;
import io.gymbridge.env.testing.CountingEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Expected spaces as printed by Gymnasium 1.4.0's {@code flatten_space}, values by hand. */
class FlattenObservationTest {

    /** Gymnasium's {@code Dict({"d": Discrete(3), "b": Box(-1, 1, (2,))})}: keys sorted. */
    private static final DictSpace DICT =
            dict("b", Box.of(-1, 1, DType.FLOAT32, 2), "d", new Discrete(3));

    @Test
    void flattenSpace_dictOfDiscreteAndBox_isFloat64BoxOfConcatenatedBounds() {
        // Gymnasium: Box([-1. -1.  0.  0.  0.], 1.0, (5,), float64)
        Box flat = FlattenObservation.flattenSpace(DICT);

        assertEquals(
                Box.of(new double[] {-1, -1, 0, 0, 0}, new double[] {1, 1, 1, 1, 1}, DType.FLOAT64),
                flat);
    }

    @Test
    void flatten_dictOfDiscreteAndBox_concatenatesBoxAndOneHot() {
        Map<String, Object> value = Map.of("d", 1, "b", Tensor.of(0.5f, -0.25f));

        // Gymnasium: [ 0.5  -0.25  0.    1.    0.  ]
        assertEquals(Tensor.of(0.5, -0.25, 0.0, 1.0, 0.0), FlattenObservation.flatten(DICT, value));
    }

    @Test
    void resetAndStep_dictObservations_areFlattened() {
        // observation k -> {"b": [k, -k] / 4, "d": k % 3} (0 - k, not -k: Tensor.equals tells -0.0)
        var dictEnv =
                new TransformObservation<>(
                        CountingEnv.discrete(0),
                        obs -> {
                            float k = obs.getFloat(0);
                            return Map.<String, Object>of(
                                    "b", Tensor.of(k / 4, (0 - k) / 4), "d", (int) k % 3);
                        },
                        DICT);
        var env = new FlattenObservation<>(dictEnv);

        assertEquals(FlattenObservation.flattenSpace(DICT), env.observationSpace());
        assertEquals(Tensor.of(0.0, 0.0, 1.0, 0.0, 0.0), env.reset(0).observation());
        assertEquals(Tensor.of(0.25, -0.25, 0.0, 1.0, 0.0), env.step(0).observation());
        assertEquals(Tensor.of(0.5, -0.5, 0.0, 0.0, 1.0), env.step(0).observation());
    }

    @Test
    void flattenSpace_eachKind_matchesGymnasiumDtypeAndShape() {
        assertEquals(
                Box.of(0, 1, DType.INT64, 3), FlattenObservation.flattenSpace(new Discrete(3)));
        assertEquals(
                Box.of(0, 1, DType.INT8, 3), FlattenObservation.flattenSpace(new MultiBinary(3)));
        assertEquals(
                Box.of(0, 1, DType.INT64, 5),
                FlattenObservation.flattenSpace(MultiDiscrete.of(2, 3)));
        assertEquals(Box.of(0, 62, DType.INT32, 4), FlattenObservation.flattenSpace(new Text(4)));
        assertEquals(
                Box.of(-1, 1, DType.FLOAT64, 6),
                FlattenObservation.flattenSpace(Box.of(-1, 1, DType.FLOAT64, 2, 3)));
        Box unit = Box.of(0, 1, DType.FLOAT32, 1);
        // int8 and float32 promote to float32, int64 and float32 to float64
        assertEquals(
                Box.of(0, 1, DType.FLOAT32, 3),
                FlattenObservation.flattenSpace(new TupleSpace(List.of(new MultiBinary(2), unit))));
        assertEquals(
                Box.of(0, 1, DType.FLOAT64, 3),
                FlattenObservation.flattenSpace(new TupleSpace(List.of(new Discrete(2), unit))));
    }

    @Test
    void flatten_discreteWithStart_isOneHotOfOffset() {
        assertEquals(Tensor.ofLongs(0, 1, 0), FlattenObservation.flatten(new Discrete(3, -1), 0));
    }

    @Test
    void flatten_multiDiscrete_concatenatesOneHots() {
        Tensor value = Tensor.ofLongs(1, 2);
        assertEquals(
                Tensor.ofLongs(0, 1, 0, 0, 1),
                FlattenObservation.flatten(MultiDiscrete.of(2, 3), value));
    }

    @Test
    void flatten_multiBinaryMatrix_isRowMajorInt8() {
        Tensor value = Tensor.of(DType.INT8, new int[] {2, 2}, new byte[] {1, 0, 0, 1});
        assertEquals(
                Tensor.of(DType.INT8, new int[] {4}, new byte[] {1, 0, 0, 1}),
                FlattenObservation.flatten(new MultiBinary(2, 2), value));
    }

    @Test
    void flatten_text_isCharacterIndicesPaddedWithCharsetLength() {
        Text text = new Text(0, 4, "abc");
        assertEquals(
                Tensor.of(DType.INT32, new int[] {4}, new int[] {1, 0, 3, 3}),
                FlattenObservation.flatten(text, "ba"));
    }

    @Test
    void flatten_nestedTupleOfDict_concatenatesDepthFirst() {
        TupleSpace nested =
                new TupleSpace(
                        List.of(
                                dict("x", new Discrete(2), "y", MultiDiscrete.of(2)),
                                Box.of(-5, 5, DType.INT32, 1)));
        Object value =
                List.of(
                        Map.of("x", 1, "y", Tensor.ofLongs(0)),
                        Tensor.of(DType.INT32, new int[] {1}, new int[] {-4}));

        Tensor flat = FlattenObservation.flatten(nested, value);
        assertEquals(Tensor.ofLongs(0, 1, 1, 0, -4), flat);
        assertEquals(
                Box.of(new double[] {0, 0, 0, 0, -5}, new double[] {1, 1, 1, 1, 5}, DType.INT64),
                FlattenObservation.flattenSpace(nested));
    }

    @Test
    void flatten_samples_areInTheFlatSpace() {
        Space<?> space =
                new TupleSpace(
                        List.of(
                                DICT,
                                new Text(2, 5, Text.ALPHANUMERIC),
                                new MultiBinary(3),
                                MultiDiscrete.of(
                                        new int[] {2}, new long[] {3, 4}, new long[] {-1, 5}),
                                Box.of(0, 255, DType.UINT8, 2, 2)));
        Box flat = FlattenObservation.flattenSpace(space);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            Tensor t = FlattenObservation.flatten(space, space.sample(rng));
            assertTrue(flat.contains(t), () -> flat.mismatch(t).orElseThrow());
        }
        assertEquals(FlattenObservation.flatdim(space), flat.size());
    }

    @Test
    void resultType_mixedDtypes_promoteAsNumpy() {
        assertEquals(DType.FLOAT64, FlattenObservation.resultType(DType.INT64, DType.FLOAT32));
        assertEquals(DType.FLOAT32, FlattenObservation.resultType(DType.INT16, DType.FLOAT32));
        assertEquals(DType.FLOAT64, FlattenObservation.resultType(DType.FLOAT32, DType.FLOAT64));
        assertEquals(DType.INT16, FlattenObservation.resultType(DType.UINT8, DType.INT8));
        assertEquals(DType.INT32, FlattenObservation.resultType(DType.INT8, DType.UINT16));
        assertEquals(DType.INT64, FlattenObservation.resultType(DType.UINT32, DType.INT32));
        assertEquals(DType.FLOAT64, FlattenObservation.resultType(DType.UINT64, DType.INT64));
        assertEquals(DType.UINT16, FlattenObservation.resultType(DType.UINT8, DType.UINT16));
        assertEquals(DType.INT8, FlattenObservation.resultType(DType.BOOL, DType.INT8));
    }

    @Test
    void flattenSpace_emptyTuple_throws() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FlattenObservation.flattenSpace(new TupleSpace(List.of())));
    }

    private static DictSpace dict(String k1, Space<?> s1, String k2, Space<?> s2) {
        Map<String, Space<?>> spaces = new LinkedHashMap<>();
        spaces.put(k1, s1);
        spaces.put(k2, s2);
        return new DictSpace(spaces);
    }
}
