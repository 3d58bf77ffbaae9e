package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spaces.batch / concatenate / unbatch, as gymnasium.vector.utils batch_space / concatenate /
 * iterate.
 */
class SpacesTest {

    static Stream<Space<?>> everyKind() {
        Map<String, Space<?>> inner = new LinkedHashMap<>();
        inner.put("text", new Text(0, 4, "xyz"));
        inner.put("bits", new MultiBinary(2, 2));
        Map<String, Space<?>> outer = new LinkedHashMap<>();
        outer.put("pose", Box.of(-1, 1, DType.FLOAT32, 3));
        outer.put(
                "parts",
                new TupleSpace(List.of(new Discrete(4, 1), new DictSpace(inner), new Text(3))));
        return Stream.of(
                Box.of(-1, 1, DType.FLOAT32, 2),
                Box.of(0, 255, DType.UINT8, 2, 3),
                new Discrete(3),
                new Discrete(4, -2),
                MultiDiscrete.of(new int[] {2}, new long[] {3, 4}, new long[] {0, 7}),
                new MultiBinary(5),
                new Text(5),
                new TupleSpace(List.of(new Discrete(2), Box.of(0, 1, DType.FLOAT64, 1))),
                DictSpaceTest.SPACE,
                new DictSpace(outer));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void concatenateThenUnbatch_threeSamples_roundTrips(Space<?> space) {
        SplittableRandom rng = new SplittableRandom(11);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            values.add(space.sample(rng));
        }
        Object batched = Spaces.concatenate(space, values);
        Space<?> batchSpace = Spaces.batch(space, 3);

        assertTrue(batchSpace.contains(batched), () -> batchSpace.mismatch(batched).orElseThrow());
        assertEquals(values, Spaces.unbatch(space, batched, 3));
    }

    @Test
    void batch_box_prependsAxisAndTilesBounds() {
        Box box = Box.of(new double[] {-1, 0}, new double[] {1, 5}, DType.FLOAT32);

        assertEquals(
                Box.of(
                        new double[] {-1, 0, -1, 0, -1, 0},
                        new double[] {1, 5, 1, 5, 1, 5},
                        DType.FLOAT32,
                        3,
                        2),
                Spaces.batch(box, 3));
    }

    @Test
    void batch_discrete_isMultiDiscreteWithStart() {
        // gymnasium: batch_space(Discrete(4, start=-2), 3) == MultiDiscrete([4 4 4], start=[-2 -2
        // -2])
        assertEquals(
                MultiDiscrete.of(new int[] {3}, new long[] {4, 4, 4}, new long[] {-2, -2, -2}),
                Spaces.batch(new Discrete(4, -2), 3));
    }

    @Test
    void batch_multiDiscreteAndMultiBinary_prependAxis() {
        // Gymnasium 1.x batches both into an integer Box of their ranges.
        assertEquals(
                Box.of(new double[] {0, 0, 0, 0}, new double[] {2, 3, 2, 3}, DType.INT64, 2, 2),
                Spaces.batch(MultiDiscrete.of(3, 4), 2));
        assertEquals(Box.of(0, 1, DType.INT8, 2, 5), Spaces.batch(new MultiBinary(5), 2));
    }

    @Test
    void batch_textAndNested_batchEachLeaf() {
        Text text = new Text(5);
        assertEquals(new TupleSpace(Collections.nCopies(2, text)), Spaces.batch(text, 2));

        TupleSpace nested = new TupleSpace(List.of(new Discrete(2), DictSpaceTest.SPACE));
        Map<String, Space<?>> batchedDict = new LinkedHashMap<>();
        batchedDict.put("position", Box.of(-1, 1, DType.FLOAT32, 2, 2));
        batchedDict.put("color", MultiDiscrete.of(3, 3));
        assertEquals(
                new TupleSpace(List.of(MultiDiscrete.of(2, 2), new DictSpace(batchedDict))),
                Spaces.batch(nested, 2));
    }

    @Test
    void concatenate_discrete_isInt64Vector() {
        assertEquals(
                Tensor.ofLongs(2, 0, 1), Spaces.concatenate(new Discrete(3), List.of(2, 0, 1)));
    }

    @Test
    void concatenate_dict_batchesEachKey() {
        Object batched =
                Spaces.concatenate(
                        DictSpaceTest.SPACE,
                        List.of(
                                Map.of("position", Tensor.of(0.5f, 0f), "color", 1),
                                Map.of("position", Tensor.of(-1f, 1f), "color", 2)));

        assertEquals(
                Map.of(
                        "position",
                        Tensor.of(DType.FLOAT32, new int[] {2, 2}, new float[] {0.5f, 0, -1, 1}),
                        "color",
                        Tensor.ofLongs(1, 2)),
                batched);
    }

    @Test
    void concatenate_text_isListOfStrings() {
        assertEquals(List.of("ab", "c"), Spaces.concatenate(new Text(3), List.of("ab", "c")));
    }

    @Test
    void describe_values_nameTheirType() {
        assertEquals("null", Spaces.describe(null));
        assertEquals("tensor float32[2]", Spaces.describe(Tensor.of(1f, 2f)));
        assertEquals("Integer 3", Spaces.describe(3));
        assertEquals("String abc", Spaces.describe("abc"));
    }

    @Test
    void pythonShapeAndFloat_usePythonNotation() {
        assertEquals("(4,)", Spaces.pythonShape(new int[] {4}));
        assertEquals("(2, 3)", Spaces.pythonShape(new int[] {2, 3}));
        assertEquals("()", Spaces.pythonShape(new int[0]));
        assertEquals("-inf", Spaces.pythonFloat(Double.NEGATIVE_INFINITY));
        assertEquals("1.0", Spaces.pythonFloat(1));
    }

    @Test
    void batch_unknownSpaceKind_throws() {
        Space<String> custom =
                new Space<>() {
                    @Override
                    public java.util.Optional<String> mismatch(Object value) {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public String cast(Object value) {
                        return (String) value;
                    }

                    @Override
                    public String sample(java.util.random.RandomGenerator rng) {
                        return "";
                    }

                    @Override
                    public int[] shape() {
                        return null;
                    }
                };
        assertThrows(IllegalArgumentException.class, () -> Spaces.batch(custom, 2));
        assertThrows(IllegalArgumentException.class, () -> Spaces.concatenate(custom, List.of("")));
    }
}
