package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kwargs the reference episodes (all made with the defaults) cannot cover: each changes the
 * observation, reward or episode end as Gymnasium's code says, against the same env with its
 * defaults, the same seed and the same action.
 */
class MujocoKwargsTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @BeforeEach
    void mujoco() {
        MujocoTesting.requireMujoco();
    }

    @Test
    void walker2d_positionsWeightsAndHealthyReward_longerObservationScaledTerms() {
        float[] a = {0.5f, -0.25f, 1f, -1f, 0.125f, 0.75f};
        try (Env<Tensor, Tensor> base = REGISTRY.make("Walker2d-v5", Map.of());
                Env<Tensor, Tensor> env =
                        REGISTRY.make(
                                "Walker2d-v5",
                                Map.of(
                                        "exclude_current_positions_from_observation", false,
                                        "forward_reward_weight", 2.0,
                                        "ctrl_cost_weight", 0.5,
                                        "healthy_reward", 3.0))) {
            double[] ob = base.reset(7L).observation().toDoubleArray();
            double[] o = env.reset(7L).observation().toDoubleArray();
            assertEquals(17, ob.length);
            assertEquals(18, o.length);
            assertEquals(sim(env).qpos(0), o[0]);
            assertArrayEquals(ob, Arrays.copyOfRange(o, 1, 18));
            Step<Tensor> sb = base.step(action(a));
            Step<Tensor> s = env.step(action(a));
            assertArrayEquals(
                    sb.observation().toDoubleArray(),
                    Arrays.copyOfRange(s.observation().toDoubleArray(), 1, 18));
            double xv = number(s, "x_velocity");
            assertEquals(number(sb, "x_velocity"), xv);
            float ctrl = 0.5f * NumpyOps.sumOfSquares(a);
            assertEquals(2.0 * xv, number(s, "reward_forward"));
            assertEquals(-(double) ctrl, number(s, "reward_ctrl"));
            assertEquals(3.0, number(s, "reward_survive"));
            assertEquals((2.0 * xv + 3.0) - ctrl, s.reward());
        }
    }

    @Test
    void walker2d_unreachableHealthyRange_terminatesAtOnceOrNeverWithoutHealthyReward() {
        float[] a = new float[6];
        Map<String, Object> high = Map.of("healthy_z_range", List.of(2.0, 3.0));
        try (Env<Tensor, Tensor> v4 = REGISTRY.make("Walker2d-v4", high);
                Env<Tensor, Tensor> v5 = REGISTRY.make("Walker2d-v5", high)) {
            v4.reset(0L);
            v5.reset(0L);
            Step<Tensor> s4 = v4.step(action(a));
            Step<Tensor> s5 = v5.step(action(a));
            assertTrue(s4.terminated());
            assertTrue(s5.terminated());
            // v4 still pays the healthy reward on the step that terminates, v5 does not
            assertEquals(number(s4, "x_velocity") + 1.0, s4.reward());
            assertEquals(0.0, number(s5, "reward_survive"));
        }
        Map<String, Object> keepGoing =
                Map.of("healthy_angle_range", List.of(5.0, 6.0), "terminate_when_unhealthy", false);
        try (Env<Tensor, Tensor> v4 = REGISTRY.make("Walker2d-v4", keepGoing)) {
            v4.reset(0L);
            for (int i = 0; i < 5; i++) {
                Step<Tensor> s = v4.step(action(a));
                assertFalse(s.terminated());
                assertEquals(number(s, "x_velocity"), s.reward(), "no healthy reward");
            }
        }
    }

    @Test
    void walker2d_v5XmlFileAndFrameSkip_loadTheOtherModelAndStepLonger() {
        float[] a = {0.5f, -0.25f, 1f, -1f, 0.125f, 0.75f};
        try (Env<Tensor, Tensor> v4 = REGISTRY.make("Walker2d-v4", Map.of());
                Env<Tensor, Tensor> v5 =
                        REGISTRY.make("Walker2d-v5", Map.of("xml_file", "walker2d.xml"));
                Env<Tensor, Tensor> slow = REGISTRY.make("Walker2d-v5", Map.of("frame_skip", 8))) {
            v4.reset(3L);
            v5.reset(3L);
            slow.reset(3L);
            assertArrayEquals(
                    v4.step(action(a)).observation().toDoubleArray(),
                    v5.step(action(a)).observation().toDoubleArray());
            slow.step(action(a));
            assertEquals(8 * 0.002, sim(slow).time(), 1e-15);
        }
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("Walker2d-v4", Map.of("xml_file", "walker2d.xml")));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
    }

    @Test
    void swimmer_positionsWeightsAndNoNoise_longerObservationScaledTermsInitialState() {
        float[] a = {0.75f, -0.5f};
        try (Env<Tensor, Tensor> base = REGISTRY.make("Swimmer-v4", Map.of());
                Env<Tensor, Tensor> env =
                        REGISTRY.make(
                                "Swimmer-v4",
                                Map.of(
                                        "exclude_current_positions_from_observation", false,
                                        "forward_reward_weight", 3.0,
                                        "ctrl_cost_weight", 0.25))) {
            base.reset(5L);
            assertEquals(10, env.reset(5L).observation().toDoubleArray().length);
            Step<Tensor> sb = base.step(action(a));
            Step<Tensor> s = env.step(action(a));
            double[] o = s.observation().toDoubleArray();
            assertEquals(number(s, "x_position"), o[0]);
            assertEquals(number(s, "y_position"), o[1]);
            assertArrayEquals(sb.observation().toDoubleArray(), Arrays.copyOfRange(o, 2, 10));
            double xv = number(s, "x_velocity");
            float ctrl = 0.25f * NumpyOps.sumOfSquares(a);
            assertEquals(3.0 * xv, number(s, "reward_fwd"));
            assertEquals(3.0 * xv, number(s, "forward_reward"));
            assertEquals(-(double) ctrl, number(s, "reward_ctrl"));
            assertEquals(3.0 * xv - ctrl, s.reward());
        }
        try (Env<Tensor, Tensor> still =
                REGISTRY.make("Swimmer-v5", Map.of("reset_noise_scale", 0.0))) {
            assertArrayEquals(new double[8], still.reset(9L).observation().toDoubleArray());
        }
    }

    @Test
    void reacher_v5Weights_scaleBothTermsInfoIncluded_v4TakesNone() {
        float[] a = {0.5f, -0.75f};
        try (Env<Tensor, Tensor> base = REGISTRY.make("Reacher-v5", Map.of());
                Env<Tensor, Tensor> env =
                        REGISTRY.make(
                                "Reacher-v5",
                                Map.of("reward_dist_weight", 2, "reward_control_weight", 0.5))) {
            base.reset(11L);
            env.reset(11L);
            Step<Tensor> sb = base.step(action(a));
            Step<Tensor> s = env.step(action(a));
            assertArrayEquals(sb.observation().toDoubleArray(), s.observation().toDoubleArray());
            double dist = number(s, "reward_dist");
            assertEquals(2 * number(sb, "reward_dist"), dist);
            float ctrl = -NumpyOps.sumOfSquares(a) * 0.5f;
            assertEquals((double) ctrl, number(s, "reward_ctrl"));
            assertEquals(dist + ctrl, s.reward());
        }
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("Reacher-v4", Map.of("reward_dist_weight", 2.0)));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
    }

    @Test
    void invertedDoublePendulum_v5HealthyRewardNoiseAndFrameSkip() {
        float[] a = {0.25f};
        try (Env<Tensor, Tensor> env =
                REGISTRY.make(
                        "InvertedDoublePendulum-v5",
                        Map.of("healthy_reward", 5.0, "reset_noise_scale", 0.0, "frame_skip", 1))) {
            double[] o = env.reset(13L).observation().toDoubleArray();
            assertArrayEquals(new double[3], sim(env).qpos());
            assertArrayEquals(new double[3], sim(env).qvel());
            assertArrayEquals(new double[] {0, 0, 0, 1, 1, 0, 0, 0}, Arrays.copyOf(o, 8));
            Step<Tensor> s = env.step(action(a));
            assertFalse(s.terminated());
            assertEquals(0.01, sim(env).time(), 1e-15);
            assertEquals(5.0, number(s, "reward_survive"));
            assertEquals(
                    (5.0 + number(s, "distance_penalty")) + number(s, "velocity_penalty"),
                    s.reward());
        }
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () ->
                                REGISTRY.make(
                                        "InvertedDoublePendulum-v4",
                                        Map.of("healthy_reward", 5.0)));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
    }

    private static MjSim sim(Env<Tensor, Tensor> env) {
        return ((MujocoEnv) env.unwrapped()).sim();
    }

    private static Tensor action(float[] a) {
        return Tensor.of(DType.FLOAT32, new int[] {a.length}, a.clone());
    }

    private static double number(Step<Tensor> s, String key) {
        Object v = s.info().get(key);
        assertTrue(v instanceof Number, key + " = " + v);
        return ((Number) v).doubleValue();
    }
}
