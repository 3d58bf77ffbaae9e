package io.gymbridge.env.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Box PENDULUM_ACTIONS = Box.of(-2, 2, DType.FLOAT32, 1);

    @Test
    void contains_valueInsideBounds_isTrue() {
        assertTrue(PENDULUM_ACTIONS.contains(Tensor.of(2f)));
        assertTrue(PENDULUM_ACTIONS.contains(Tensor.of(-2f)));
        assertTrue(PENDULUM_ACTIONS.contains(Tensor.of(0.3f)));
    }

    @Test
    void contains_valueOutsideBounds_isFalse() {
        assertFalse(PENDULUM_ACTIONS.contains(Tensor.of(2.5f)));
        assertFalse(PENDULUM_ACTIONS.contains(Tensor.of(Float.NaN)));
    }

    @Test
    void mismatch_valueOutsideBounds_namesSpaceAndIndex() {
        Box box = Box.of(0, 1, DType.FLOAT64, 2, 2);
        Tensor value = Tensor.of(DType.FLOAT64, new int[] {2, 2}, new double[] {0, 1, 7, 0});

        assertEquals(
                "element [1, 0] = 7.0 is outside [0.0, 1.0] of Box(0.0, 1.0, (2, 2), float64)",
                box.mismatch(value).orElseThrow());
    }

    @Test
    void mismatch_wrongDtypeShapeOrType_namesExpectedAndGot() {
        String dtype = PENDULUM_ACTIONS.mismatch(Tensor.of(1.0)).orElseThrow();
        String shape = PENDULUM_ACTIONS.mismatch(Tensor.of(1f, 1f)).orElseThrow();
        String type = PENDULUM_ACTIONS.mismatch(1.0).orElseThrow();

        assertEquals("expected float32[1] in Box(-2.0, 2.0, (1,), float32), got float64[1]", dtype);
        assertTrue(shape.endsWith("got float32[2]"), shape);
        assertEquals("expected a tensor in Box(-2.0, 2.0, (1,), float32), got Double 1.0", type);
    }

    @Test
    void actionMismatch_outOfBounds_isAccepted() {
        assertTrue(PENDULUM_ACTIONS.actionMismatch(Tensor.of(100f)).isEmpty());
        Box ints = Box.of(0, 3, DType.INT64, 1);
        assertTrue(ints.actionMismatch(Tensor.ofLongs(-9)).isEmpty());
    }

    @Test
    void actionMismatch_nanOrInfinite_isRejectedNamingTheIndex() {
        Box box = Box.of(-1, 1, DType.FLOAT32, 3);

        assertEquals(
                "element [1] = NaN is not finite, in Box(-1.0, 1.0, (3,), float32)",
                box.actionMismatch(Tensor.of(0f, Float.NaN, 0f)).orElseThrow());
        assertTrue(box.actionMismatch(Tensor.of(0f, 0f, Float.NEGATIVE_INFINITY)).isPresent());
    }

    @Test
    void actionMismatch_wrongDtypeOrShape_isRejected() {
        assertTrue(PENDULUM_ACTIONS.actionMismatch(Tensor.of(0.0)).isPresent());
        assertTrue(PENDULUM_ACTIONS.actionMismatch(Tensor.of(0f).reshape()).isPresent());
        assertTrue(PENDULUM_ACTIONS.actionMismatch(0.0f).isPresent());
    }

    @Test
    void validate_element_returnsItAndNonElementThrows() {
        Tensor ok = Tensor.of(1f);
        assertEquals(ok, PENDULUM_ACTIONS.validate(ok));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PENDULUM_ACTIONS.validate(Tensor.of(3f)));
        assertTrue(e.getMessage().contains("element [0] = 3.0"), e.getMessage());
    }

    @Test
    void sample_boundedFloat_alwaysContained() {
        Box box = Box.of(new double[] {-1, 0, 5}, new double[] {1, 1e-3, 5}, DType.FLOAT32);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            Tensor t = box.sample(rng);
            assertTrue(box.contains(t), () -> box.mismatch(t).orElseThrow());
        }
    }

    @Test
    void sample_unboundedAndHalfBounded_alwaysContainedOnTheRightSide() {
        Box box = Box.of(new double[] {-INF, 2, -INF}, new double[] {INF, INF, -3}, DType.FLOAT64);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 1000; i++) {
            Tensor t = box.sample(rng);
            assertTrue(box.contains(t), () -> box.mismatch(t).orElseThrow());
            assertTrue(Double.isFinite(t.getDouble(0)));
        }
    }

    @Test
    void sample_integerBox_containedAndCoversEveryValue() {
        Box box = Box.of(-1, 1, DType.INT32, 2);
        Box bytes = Box.of(0, 255, DType.UINT8, 3);
        SplittableRandom rng = new SplittableRandom(3);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Tensor t = box.sample(rng);
            Tensor b = bytes.sample(rng);
            assertTrue(box.contains(t), () -> box.mismatch(t).orElseThrow());
            assertTrue(bytes.contains(b), () -> bytes.mismatch(b).orElseThrow());
            seen.add(t.getLong(0));
        }
        assertEquals(Set.of(-1L, 0L, 1L), seen);
    }

    @Test
    void of_lowAboveHigh_throwsNamingTheIndex() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Box.of(new double[] {0, 2}, new double[] {1, 1}, DType.FLOAT32));
        assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Box.of(new double[] {0}, new double[] {1, 2}, DType.FLOAT32));
    }

    @Test
    void accessors_describeBounds() {
        Box box = Box.of(new double[] {-INF, 0}, new double[] {1, 2}, DType.FLOAT64);

        assertArrayEquals(new int[] {2}, box.shape());
        assertEquals(2, box.size());
        assertEquals(-INF, box.low(0));
        assertEquals(2.0, box.high(1));
        assertFalse(box.isBounded());
        assertTrue(PENDULUM_ACTIONS.isBounded());
    }

    @Test
    void equals_sameBoundsDtypeAndShape() {
        assertEquals(Box.of(-2, 2, DType.FLOAT32, 1), PENDULUM_ACTIONS);
        assertEquals(Box.of(-2, 2, DType.FLOAT32, 1).hashCode(), PENDULUM_ACTIONS.hashCode());
        assertNotEquals(Box.of(-2, 2, DType.FLOAT64, 1), PENDULUM_ACTIONS);
        assertNotEquals(Box.of(-2, 3, DType.FLOAT32, 1), PENDULUM_ACTIONS);
        assertNotEquals(Box.of(-2, 2, DType.FLOAT32, 1, 1), PENDULUM_ACTIONS);
    }

    @Test
    void toString_uniformBounds_matchesGymnasium() {
        // Gymnasium: Box(-2.0, 2.0, (1,), float32), Box(-inf, inf, (3,), float32)
        assertEquals("Box(-2.0, 2.0, (1,), float32)", PENDULUM_ACTIONS.toString());
        assertEquals(
                "Box(-inf, inf, (3,), float32)", Box.of(-INF, INF, DType.FLOAT32, 3).toString());
        assertEquals(
                "Box(0.0, 1.0, (2, 3), float64)", Box.of(0, 1, DType.FLOAT64, 2, 3).toString());
    }

    @Test
    void toString_cartPoleObservationSpace_hasGymnasiumsStructureAndFloat32Digits() {
        // CartPole-v1's observation space as Gymnasium 1.0 builds it (float32 bounds). Gymnasium:
        // Box([-4.8000002e+00 -3.4028235e+38 -4.1887903e-01 -3.4028235e+38],
        //     [4.8000002e+00 3.4028235e+38 4.1887903e-01 3.4028235e+38], (4,), float32)
        // NumPy switches the whole array to scientific notation; we print each number alone, so
        // only the structure and the float32 digits are compared here.
        double[] high = {
            4.8, Float.MAX_VALUE, (float) (12 * 2 * Math.PI / 360 * 2), Float.MAX_VALUE
        };
        double[] low = new double[4];
        for (int i = 0; i < 4; i++) {
            low[i] = -high[i];
        }
        String s = Box.of(low, high, DType.FLOAT32).toString();

        assertTrue(
                s.matches(
                        "Box\\(\\[-4\\.8\\S* -3\\.4028235\\S+ -0\\.41887903\\S* -3\\.4028235\\S+\\],"
                                + " \\[4\\.8\\S* 3\\.4028235\\S+ 0\\.41887903\\S* 3\\.4028235\\S+\\], \\(4,\\), float32\\)"),
                s);
    }

    @Test
    void toString_integerAndFloat64Bounds_matchGymnasium() {
        // Gymnasium: Box(0, 255, (2, 2), uint8) and Box([-1.2  -0.07], [0.6  0.07], (2,), float64)
        assertEquals("Box(0, 255, (2, 2), uint8)", Box.of(0, 255, DType.UINT8, 2, 2).toString());
        assertEquals(
                "Box([-1.2 -0.07], [0.6 0.07], (2,), float64)",
                Box.of(new double[] {-1.2, -0.07}, new double[] {0.6, 0.07}, DType.FLOAT64)
                        .toString());
    }

    @Test
    void contains_float32ValueAtBoundNotRepresentableInFloat32_isTrue() {
        Box box = Box.of(-4.8, 4.8, DType.FLOAT32, 1);
        assertTrue(box.contains(Tensor.of(-4.8f)), () -> box.mismatch(Tensor.of(-4.8f)).get());
        assertTrue(box.contains(Tensor.of(4.8f)));
    }
}
