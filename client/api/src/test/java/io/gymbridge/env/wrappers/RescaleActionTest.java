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

/**
 * Expected values: by hand where noted, else printed by Gymnasium 1.4.0 ({@code RescaleAction(env,
 * min_action, max_action)}, then the action the inner env received).
 */
class RescaleActionTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void step_endpointsAndMidpoints_mapOntoEnvBounds() {
        // [-1, 1] onto [-2, 2]: gradient 0.5, intercept 0, env action = 2a
        CountingEnv<Tensor> inner = CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 1), 0);
        var env = new RescaleAction<>(inner, -1, 1);
        env.reset(0);

        float[][] agentToEnv = {{-1, -2}, {0, 0}, {0.5f, 1}, {1, 2}, {-0.25f, -0.5f}};
        for (float[] pair : agentToEnv) {
            env.step(Tensor.of(pair[0]));
            assertEquals(Tensor.of(pair[1]), inner.lastAction(), "agent action " + pair[0]);
        }
    }

    @Test
    void step_asymmetricBounds_mapsEndpointsAndMidpoint() {
        // [0, 1] onto [-3, 5]: gradient 1/8, intercept 0; 0 -> -3, 1 -> 5, 0.5 -> 1
        CountingEnv<Tensor> inner = CountingEnv.box(Box.of(-3, 5, DType.FLOAT64, 1), 0);
        var env = new RescaleAction<>(inner, 0, 1);
        env.reset(0);

        env.step(Tensor.of(0.0));
        assertEquals(Tensor.of(-3.0), inner.lastAction());
        env.step(Tensor.of(1.0));
        assertEquals(Tensor.of(5.0), inner.lastAction());
        env.step(Tensor.of(0.5));
        assertEquals(Tensor.of(1.0), inner.lastAction());
    }

    @Test
    void step_perElementAndUnboundedBounds_matchGymnasium() {
        Box box = Box.of(new double[] {0, -1, -INF}, new double[] {10, 1, INF}, DType.FLOAT32);
        CountingEnv<Tensor> inner = CountingEnv.box(box, 0);
        var env = new RescaleAction<>(inner, new double[] {-1, 0, -INF}, new double[] {1, 1, INF});
        env.reset(0);

        assertEquals(
                Box.of(new double[] {-1, 0, -INF}, new double[] {1, 1, INF}, DType.FLOAT32),
                env.actionSpace());
        float[][][] agentToEnv = {
            {{-1, 0, -5}, {0, -1, -5}},
            {{0, 0.5f, 0}, {5, 0, 0}},
            {{1, 1, 7.25f}, {10, 1, 7.25f}},
            // float32 arithmetic, as NumPy's: (0.3f + 1) / 0.2f = 6.4999995f
            {{0.3f, 0.1f, 1}, {6.4999995f, -0.8f, 1}},
        };
        for (float[][] pair : agentToEnv) {
            env.step(Tensor.of(pair[0]));
            assertEquals(Tensor.of(pair[1]), inner.lastAction());
        }
    }

    @Test
    void step_halfUnboundedElement_isShiftedByTheFiniteBound() {
        // (-inf, 3] as (-inf, 1]: gradient 1, intercept 1 - 3 = -2, env action = a + 2
        Box box = Box.of(new double[] {-INF}, new double[] {3}, DType.FLOAT32);
        CountingEnv<Tensor> inner = CountingEnv.box(box, 0);
        var env = new RescaleAction<>(inner, new double[] {-INF}, new double[] {1});
        env.reset(0);

        env.step(Tensor.of(1f));
        assertEquals(Tensor.of(3f), inner.lastAction());
        env.step(Tensor.of(-4f));
        assertEquals(Tensor.of(-2f), inner.lastAction());
    }

    @Test
    void step_wrongDtype_isInvalidArgument() {
        var env = new RescaleAction<>(CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 1), 0), -1, 1);
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(Tensor.of(0.5)));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("float64[1]"), e.getMessage());
    }

    @Test
    void constructor_minEqualsMax_throws() {
        var inner = CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 1), 0);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new RescaleAction<>(inner, 1, 1));

        assertTrue(e.getMessage().contains("strictly smaller"), e.getMessage());
    }

    @Test
    void constructor_minAboveMax_throws() {
        var inner = CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction<>(inner, 1, -1));
    }

    @Test
    void constructor_finiteTargetForUnboundedElement_throwsNamingTheElement() {
        Box box = Box.of(new double[] {-1, -INF}, new double[] {1, INF}, DType.FLOAT32);
        var inner = CountingEnv.box(box, 0);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new RescaleAction<>(inner, -1, 1));

        assertTrue(e.getMessage().contains("element [1]"), e.getMessage());
    }

    @Test
    void constructor_wrongNumberOfBounds_throws() {
        var inner = CountingEnv.box(Box.of(-2, 2, DType.FLOAT32, 2), 0);
        assertThrows(
                IllegalArgumentException.class,
                () -> new RescaleAction<>(inner, new double[] {-1}, new double[] {1}));
    }

    @Test
    void constructor_discreteActionSpace_throwsNamingTheSpace() {
        @SuppressWarnings("unchecked")
        Env<Tensor, Tensor> discrete = (Env<Tensor, Tensor>) (Env<?, ?>) CountingEnv.discrete(0);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new RescaleAction<>(discrete, -1, 1));

        assertTrue(e.getMessage().contains("Discrete(2)"), e.getMessage());
    }
}
