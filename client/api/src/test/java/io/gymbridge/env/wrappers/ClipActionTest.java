package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.testing.CountingEnv;
import org.junit.jupiter.api.Test;

class ClipActionTest {

    @Test
    void actionSpace_floatBox_isUnboundedBoxOfSameShapeAndDtype() {
        var env = new ClipAction<>(CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 3), 0));

        assertEquals(
                Box.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, DType.FLOAT32, 3),
                env.actionSpace());
        // Gymnasium: ClipAction(Pendulum-like env).action_space
        assertEquals("Box(-inf, inf, (3,), float32)", env.actionSpace().toString());
    }

    @Test
    void step_outOfBoundsAction_reachesEnvClipped() {
        CountingEnv<Tensor> inner = CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 3), 0);
        var env = new ClipAction<>(inner);
        env.reset(0);
        env.step(Tensor.of(5f, -3f, 0.5f));

        assertEquals(Tensor.of(2f, -2f, 0.5f), inner.lastAction());
    }

    @Test
    void step_perElementBounds_clipsEachIntoItsOwn() {
        Box box = Box.of(new double[] {0, -1}, new double[] {1, 10}, DType.FLOAT64);
        CountingEnv<Tensor> inner = CountingEnv.box(box, 0);
        var env = new ClipAction<>(inner);
        env.reset(0);
        env.step(Tensor.of(-0.5, 20.0));

        assertEquals(Tensor.of(0.0, 10.0), inner.lastAction());
    }

    @Test
    void step_signedIntegerBox_clipsAndSpaceSpansTheDtype() {
        Box box = Box.of(0, 10, DType.INT32, 2);
        CountingEnv<Tensor> inner = CountingEnv.box(box, 0);
        var env = new ClipAction<>(inner);
        env.reset(0);
        env.step(Tensor.of(DType.INT32, new int[] {2}, new int[] {-4, 99}));

        assertEquals(Tensor.of(DType.INT32, new int[] {2}, new int[] {0, 10}), inner.lastAction());
        assertEquals(Integer.MIN_VALUE, ((Box) env.actionSpace()).low(0));
        assertEquals(Integer.MAX_VALUE, ((Box) env.actionSpace()).high(1));
    }

    @Test
    void step_nanAction_isInvalidArgument() {
        var env = new ClipAction<>(CountingEnv.box(Box.of(-1, 1, DType.FLOAT32, 1), 0));
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(Tensor.of(Float.NaN)));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    @Test
    void step_wrongShape_isInvalidArgumentNamingTheShapes() {
        var env = new ClipAction<>(CountingEnv.box(Box.of(-1, 1, DType.FLOAT32, 2), 0));
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(Tensor.of(0f)));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("float32[2]"), e.getMessage());
        assertTrue(e.getMessage().contains("float32[1]"), e.getMessage());
    }

    @Test
    void constructor_discreteActionSpace_throwsNamingTheSpace() {
        @SuppressWarnings("unchecked")
        Env<Tensor, Tensor> discrete = (Env<Tensor, Tensor>) (Env<?, ?>) CountingEnv.discrete(0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ClipAction<>(discrete));

        assertTrue(e.getMessage().contains("Discrete(2)"), e.getMessage());
    }

    @Test
    void constructor_unsignedBox_throwsNamingTheDtype() {
        var env = CountingEnv.box(Box.of(0, 255, DType.UINT8, 1), 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ClipAction<>(env));

        assertTrue(e.getMessage().contains("uint8"), e.getMessage());
    }
}
