package io.gymbridge.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.random.NumpyRandom;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The envs' contract beyond the reference episodes: registration, spaces, kwargs, reset options,
 * clipping, errors and rendering.
 *
 * <p>Expected reset values marked "Gymnasium docstring" are the examples in the env docstrings of
 * Gymnasium 1.4.0, here to full float32 precision as NumPy 2.4 printed them for the same seeds and
 * bounds ({@code np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))).uniform(...)}).
 */
class ClassicControlTest {

    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @Test
    void registry_holdsTheFiveIdsWithGymnasiumSpecs() {
        assertEquals(
                new EnvSpec("CartPole-v1", OptionalInt.of(500), OptionalDouble.of(475.0), false),
                REGISTRY.spec("CartPole-v1"));
        assertEquals(
                new EnvSpec("Pendulum-v1", OptionalInt.of(200), OptionalDouble.empty(), false),
                REGISTRY.spec("Pendulum-v1"));
        assertEquals(
                new EnvSpec(
                        "MountainCar-v0", OptionalInt.of(200), OptionalDouble.of(-110.0), false),
                REGISTRY.spec("MountainCar-v0"));
        assertEquals(
                new EnvSpec(
                        "MountainCarContinuous-v0",
                        OptionalInt.of(999),
                        OptionalDouble.of(90.0),
                        false),
                REGISTRY.spec("MountainCarContinuous-v0"));
        assertEquals(
                new EnvSpec("Acrobot-v1", OptionalInt.of(500), OptionalDouble.of(-100.0), false),
                REGISTRY.spec("Acrobot-v1"));
    }

    @Test
    void spaces_matchGymnasium() {
        double inf = Double.POSITIVE_INFINITY;
        float theta2 = (float) (12 * 2 * Math.PI / 360 * 2);
        assertEquals(
                Box.of(
                        new double[] {-4.8f, -inf, -theta2, -inf},
                        new double[] {4.8f, inf, theta2, inf},
                        DType.FLOAT32),
                new CartPoleEnv().observationSpace());
        assertEquals(new Discrete(2), new CartPoleEnv().actionSpace());

        assertEquals(
                Box.of(new double[] {-1, -1, -8}, new double[] {1, 1, 8}, DType.FLOAT32),
                new PendulumEnv().observationSpace());
        assertEquals(Box.of(-2.0, 2.0, DType.FLOAT32, 1), new PendulumEnv().actionSpace());

        Box mountainCar =
                Box.of(new double[] {-1.2f, -0.07f}, new double[] {0.6f, 0.07f}, DType.FLOAT32);
        assertEquals(mountainCar, new MountainCarEnv().observationSpace());
        assertEquals(new Discrete(3), new MountainCarEnv().actionSpace());
        assertEquals(mountainCar, new MountainCarContinuousEnv().observationSpace());
        assertEquals(
                Box.of(-1.0, 1.0, DType.FLOAT32, 1), new MountainCarContinuousEnv().actionSpace());

        float vel1 = (float) (4 * Math.PI);
        float vel2 = (float) (9 * Math.PI);
        assertEquals(
                Box.of(
                        new double[] {-1, -1, -1, -1, -vel1, -vel2},
                        new double[] {1, 1, 1, 1, vel1, vel2},
                        DType.FLOAT32),
                new AcrobotEnv().observationSpace());
        assertEquals(new Discrete(3), new AcrobotEnv().actionSpace());
    }

    @Test
    void reset_lowHighOptions_matchGymnasiumDocstrings() {
        // Gymnasium docstring: CartPole reset(seed=123, options={"low": -0.1, "high": 0.1})
        assertArrayEquals(
                new float[] {
                    0.03647037222981453f,
                    -0.08923579752445221f,
                    -0.055928025394678116f,
                    -0.06312564015388489f
                },
                new CartPoleEnv()
                        .reset(123L, Map.of("low", -0.1, "high", 0.1))
                        .observation()
                        .toFloatArray());
        // Gymnasium docstring: Acrobot reset(seed=123, options={"low": -0.2, "high": 0.2})
        assertArrayEquals(
                new float[] {
                    0.997340977191925f, 0.07287608087062836f, 0.9841161966323853f,
                    -0.17752565443515778f, -0.11185605078935623f, -0.12625128030776978f
                },
                new AcrobotEnv()
                        .reset(123L, Map.of("low", -0.2, "high", 0.2))
                        .observation()
                        .toFloatArray());
        // Gymnasium docstring: MountainCarContinuous reset(seed=123, options={"low": -0.7,
        // "high": -0.5})
        assertArrayEquals(
                new float[] {-0.5635296106338501f, 0f},
                new MountainCarContinuousEnv()
                        .reset(123L, Map.of("low", -0.7, "high", -0.5))
                        .observation()
                        .toFloatArray());
    }

    @Test
    void reset_optionsAnEnvDoesNotRead_areIgnoredAsInGymnasium() {
        // Gymnasium docstring: Pendulum reset(seed=123, options={"low": -0.7, "high": 0.5}),
        // which Pendulum ignores (it reads x_init and y_init).
        assertArrayEquals(
                new float[] {0.4123624861240387f, 0.9110198616981506f, -0.8923579454421997f},
                new PendulumEnv()
                        .reset(123L, Map.of("low", -0.7, "high", 0.5))
                        .observation()
                        .toFloatArray());
        // Gymnasium docstring: MountainCar reset(seed=123, options={"x_init": np.pi/2,
        // "y_init": 0.5}), which MountainCar ignores (it reads low and high).
        assertArrayEquals(
                new float[] {-0.4635296165943146f, 0f},
                new MountainCarEnv()
                        .reset(123L, Map.of("x_init", Math.PI / 2, "y_init", 0.5))
                        .observation()
                        .toFloatArray());
    }

    @Test
    void reset_pendulumInitOptions_setSymmetricBounds() {
        // numpy: g.uniform(low=-np.array([0.5, 0.25]), high=np.array([0.5, 0.25])) for seed 7
        PendulumEnv env = new PendulumEnv();
        env.reset(7L, Map.of("x_init", 0.5, "y_init", "0.25"));
        assertArrayEquals(new double[] {0.12509546660466697, 0.19860690048478774}, env.state());
    }

    @Test
    void reset_badOptions_failWithInvalidArgument() {
        CartPoleEnv cartPole = new CartPoleEnv();
        assertInvalidArgument(() -> cartPole.reset(0L, Map.of("low", 0.1, "high", -0.1)));
        assertInvalidArgument(() -> cartPole.reset(0L, Map.of("low", "lots")));
        assertInvalidArgument(() -> cartPole.reset(0L, Map.of("low", Double.NEGATIVE_INFINITY)));
        assertInvalidArgument(() -> cartPole.reset(0L, Map.of("high", Double.NaN)));
        Map<String, Object> nullLow = new HashMap<>();
        nullLow.put("low", null);
        assertInvalidArgument(() -> cartPole.reset(0L, nullLow));
        assertInvalidArgument(() -> new PendulumEnv().reset(0L, Map.of("x_init", List.of(1))));
        // A negative x_init makes low > high, which NumPy's uniform rejects.
        assertInvalidArgument(() -> new PendulumEnv().reset(0L, Map.of("x_init", -1.0)));
        assertInvalidArgument(() -> cartPole.reset(-1L, Map.of()));
    }

    @Test
    void reset_optionValues_convertAsPythonFloat() {
        assertEquals(0.25, ResetBounds.toFloat("X", "  0.25 "));
        assertEquals(1.0, ResetBounds.toFloat("X", true));
        assertEquals(3.0, ResetBounds.toFloat("X", 3L));
        assertEquals(Double.NEGATIVE_INFINITY, ResetBounds.toFloat("X", "-inf"));
        assertTrue(Double.isNaN(ResetBounds.toFloat("X", "NaN")));
        assertEquals(0.5, ResetBounds.toFloat("X", Tensor.of(0.5f)));
        assertInvalidArgument(() -> ResetBounds.toFloat("X", "0x1p3"));
        assertInvalidArgument(() -> ResetBounds.toFloat("X", "1d"));
        assertInvalidArgument(() -> ResetBounds.toFloat("X", ""));
    }

    @Test
    void reset_withoutSeed_continuesTheGenerator() {
        NumpyRandom numpy = NumpyRandom.fromSeed(42);
        double[] first = numpy.uniform(-0.05, 0.05, 4);
        double[] second = numpy.uniform(-0.05, 0.05, 4);
        CartPoleEnv env = new CartPoleEnv();
        env.reset(42L, Map.of());
        assertArrayEquals(first, env.state());
        env.reset();
        assertArrayEquals(second, env.state());
        env.reset(42);
        assertArrayEquals(first, env.state());
    }

    @Test
    void kwargs_unknownOrMistyped_failWithInvalidArgument() {
        assertInvalidArgument(() -> REGISTRY.make("CartPole-v1", Map.of("gravity", 3.0)));
        assertInvalidArgument(() -> REGISTRY.make("Acrobot-v1", Map.of("book_or_nips", "nips")));
        assertInvalidArgument(() -> REGISTRY.make("Pendulum-v1", Map.of("g", "strong")));
        assertInvalidArgument(
                () -> REGISTRY.make("CartPole-v1", Map.of("sutton_barto_reward", 2.5)));
    }

    @Test
    void kwargs_suttonBartoReward_givesZeroThenMinusOne() {
        CartPoleEnv env =
                new CartPoleEnv(CartPoleEnv.SPEC, Map.of("sutton_barto_reward", true), null);
        env.reset(0);
        Step<Tensor> step = env.step(1);
        assertEquals(0.0, step.reward());
        env.setState(new double[] {2.39, 1.0, 0, 0});
        step = env.step(1);
        assertTrue(step.terminated());
        assertEquals(-1.0, step.reward());
        step = env.step(1);
        assertEquals(-1.0, step.reward());
    }

    @Test
    void step_afterTermination_onUnwrappedCartPole_rewardsZero() {
        CartPoleEnv env = new CartPoleEnv();
        env.reset(0);
        env.setState(new double[] {0, 0, 0.2094, 1.0});
        Step<Tensor> falling = env.step(0);
        assertTrue(falling.terminated());
        assertEquals(1.0, falling.reward());
        Step<Tensor> beyond = env.step(0);
        assertTrue(beyond.terminated());
        assertEquals(0.0, beyond.reward());
    }

    @Test
    void kwargs_pendulumG_changesGravity() {
        PendulumEnv weightless = new PendulumEnv(PendulumEnv.SPEC, Map.of("g", 0), null);
        weightless.reset(0);
        weightless.setState(new double[] {1.0, 0.5});
        weightless.step(Tensor.of(0f));
        // Without gravity or torque the angular velocity stays.
        assertEquals(0.5, weightless.state()[1]);
    }

    @Test
    void kwargs_goalVelocity_delaysMountainCarTermination() {
        MountainCarEnv strict =
                new MountainCarEnv(MountainCarEnv.SPEC, Map.of("goal_velocity", 0.05), null);
        strict.reset(0);
        strict.setState(new double[] {0.49, 0.02});
        assertFalse(strict.step(2).terminated());
        MountainCarEnv normal = new MountainCarEnv();
        normal.reset(0);
        normal.setState(new double[] {0.49, 0.02});
        assertTrue(normal.step(2).terminated());
    }

    @Test
    void step_outOfBoundsBoxActions_areClippedByTheEnv() {
        PendulumEnv pendulum = new PendulumEnv();
        pendulum.reset(0);
        double[] start = pendulum.state();
        Step<Tensor> atBound = pendulum.step(Tensor.of(2f));
        double[] afterBound = pendulum.state();
        pendulum.setState(start);
        Step<Tensor> beyond = pendulum.step(Tensor.of(3.5f));
        assertArrayEquals(afterBound, pendulum.state());
        assertEquals(atBound.reward(), beyond.reward());

        MountainCarContinuousEnv car = new MountainCarContinuousEnv();
        car.reset(0);
        start = car.state();
        Step<Tensor> full = car.step(Tensor.of(-1f));
        afterBound = car.state();
        car.setState(start);
        Step<Tensor> over = car.step(Tensor.of(-1.2f));
        assertArrayEquals(afterBound, car.state());
        // The reward charges the action as given, not as clipped.
        assertEquals(-1.0 * 1.0 * 0.1, full.reward());
        assertEquals(-(double) 1.2f * 1.2f * 0.1, over.reward());
    }

    @Test
    void step_beforeReset_failsWithFailedPrecondition() {
        EnvException e = assertThrows(EnvException.class, () -> new AcrobotEnv().step(1));
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void step_invalidActions_failWithInvalidArgument() {
        CartPoleEnv cartPole = new CartPoleEnv();
        cartPole.reset(0);
        assertInvalidArgument(() -> cartPole.step(2));
        PendulumEnv pendulum = new PendulumEnv();
        pendulum.reset(0);
        assertInvalidArgument(() -> pendulum.step(Tensor.of(1.0, 0.0)));
        assertInvalidArgument(() -> pendulum.step(Tensor.of(Float.NaN)));
        Env<Tensor, Object> viaRegistry = REGISTRY.make("MountainCar-v0", Map.of());
        viaRegistry.reset(0);
        assertInvalidArgument(() -> viaRegistry.step("left"));
        // Integers of other widths are Discrete actions too.
        assertEquals(-1.0, viaRegistry.step(2L).reward());
    }

    @Test
    void setState_wrongLength_throws() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new CartPoleEnv().setState(new double[] {1, 2}));
        assertNull(new CartPoleEnv().state());
    }

    @Test
    void acrobot_nipsDynamicsAndTorqueNoise_differFromTheBook() {
        AcrobotEnv book = new AcrobotEnv();
        book.reset(0);
        book.setState(new double[] {0.5, 0.5, 1.0, 1.0});
        book.step(2);
        AcrobotEnv nips = new AcrobotEnv();
        nips.setBookOrNips("nips");
        nips.reset(0);
        nips.setState(new double[] {0.5, 0.5, 1.0, 1.0});
        nips.step(2);
        assertNotEquals(book.state()[3], nips.state()[3]);
        assertThrows(IllegalArgumentException.class, () -> nips.setBookOrNips("paper"));

        AcrobotEnv noisy = new AcrobotEnv();
        noisy.setTorqueNoiseMax(0.5);
        noisy.reset(0);
        noisy.setState(new double[] {0.5, 0.5, 1.0, 1.0});
        noisy.step(2);
        assertNotEquals(book.state()[3], noisy.state()[3]);
        assertThrows(IllegalArgumentException.class, () -> noisy.setTorqueNoiseMax(-1));
    }

    @Test
    void angleNormalize_usesPythonFlooredModulo() {
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(Math.PI));
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(-Math.PI));
        assertEquals(2.0, PendulumEnv.pythonMod(-1.0, 3.0));
        assertEquals(-2.0, PendulumEnv.pythonMod(1.0, -3.0));
        assertEquals(0.0, PendulumEnv.pythonMod(-0.0, 2.0));
        assertEquals(
                Double.doubleToLongBits(0.0),
                Double.doubleToLongBits(PendulumEnv.pythonMod(-0.0, 2.0)));
    }

    @Test
    void render_rgbArray_givesUint8FramesOfGymnasiumSize() {
        Map<String, int[]> shapes =
                Map.of(
                        "CartPole-v1", new int[] {400, 600, 3},
                        "Pendulum-v1", new int[] {500, 500, 3},
                        "MountainCar-v0", new int[] {400, 600, 3},
                        "MountainCarContinuous-v0", new int[] {400, 600, 3},
                        "Acrobot-v1", new int[] {500, 500, 3});
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            try (Env<Tensor, Object> env =
                    REGISTRY.make(e.getKey(), Map.of("render_mode", "rgb_array"))) {
                env.reset(0);
                Tensor frame = env.render();
                assertEquals(DType.UINT8, frame.dtype(), e.getKey());
                assertArrayEquals(e.getValue(), frame.shape(), e.getKey());
                long drawn = 0;
                for (int i = 0; i < frame.size(); i++) {
                    drawn += frame.getLong(i) != 255 ? 1 : 0;
                }
                assertTrue(drawn > 100, e.getKey() + " drew " + drawn + " channel values");
            }
        }
    }

    @Test
    void render_cartPole_drawsTheCartWherePygameDoes() {
        CartPoleEnv env = new CartPoleEnv(CartPoleEnv.SPEC, Map.of(), "rgb_array");
        env.reset(0);
        env.setState(new double[] {0, 0, 0, 0});
        Tensor frame = env.render();
        // Cart centre at x = 300, 100 px from the bottom minus half its 30 px height: row 400 -
        // 1 - 90 after the flip. Black, and the pole's brown just above the axle.
        assertEquals(0, frame.getLong(pixel(309, 300)));
        assertEquals(0xCA, frame.getLong(pixel(400 - 1 - 150, 300)));
        assertEquals(255, frame.getLong(pixel(20, 20)));
    }

    @Test
    void render_withoutRgbArrayMode_failsWithFailedPrecondition() {
        CartPoleEnv env = new CartPoleEnv();
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, env::render);
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        assertInvalidArgument(() -> new CartPoleEnv(CartPoleEnv.SPEC, Map.of(), "human"));
    }

    @Test
    void metadata_namesRenderModeAndFps() {
        assertEquals(
                Map.of("render_modes", List.of("rgb_array"), "render_fps", 50),
                new CartPoleEnv().metadata());
        assertEquals(15, new AcrobotEnv().metadata().get("render_fps"));
    }

    /** Index of the red channel of pixel (row, col) in a 600-wide frame. */
    private static int pixel(int row, int col) {
        return (row * 600 + col) * 3;
    }

    private static void assertInvalidArgument(Executable call) {
        EnvException e = assertThrows(EnvException.class, call);
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
    }
}
