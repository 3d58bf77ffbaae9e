package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * InvertedPendulum-v4 and -v5, as Gymnasium 1.4.0's {@code inverted_pendulum_v4.py} and {@code
 * _v5.py}.
 *
 * <h2>Description</h2>
 *
 * A cart that moves along a rail carries a pole hinged at its top; pushing the cart left and right
 * keeps the pole upright (the cart-pole of classic control, in MuJoCo).
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [1] in [-3, 3]: the force on the cart.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [4]: the cart's position and the pole's angle (qpos), then their velocities
 * (qvel).
 *
 * <h2>Rewards</h2>
 *
 * v5: 1 for every step in which the pole stays up, 0 for the step in which it falls. v4: 1 for
 * every step, the last included.
 *
 * <h2>Starting State</h2>
 *
 * qpos and qvel are the model's initial ones plus uniform noise in [-0.01, 0.01] (v5: {@code
 * reset_noise_scale}), drawn from the env's generator.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when the observation is not finite or the pole's angle leaves [-0.2, 0.2] radians;
 * truncated after 1000 steps by the TimeLimit.
 *
 * <h2>Arguments</h2>
 *
 * v5: {@code xml_file} ("inverted_pendulum.xml"), {@code frame_skip} (2), {@code reset_noise_scale}
 * (0.01). Both: {@code width}, {@code height}, {@code camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: reward 0 on the falling step, info {@code reward_survive}, the kwargs above. v4: MuJoCo
 * bindings instead of mujoco-py.
 */
public final class InvertedPendulumEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("InvertedPendulum-v4");

    public static final EnvSpec V5 = spec("InvertedPendulum-v5");

    private final boolean v5;
    private final double resetNoiseScale;

    private InvertedPendulumEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            RenderOptions render,
            boolean v5,
            double noise) {
        super(sim, frameSkip, sim.nq() + sim.nv(), spec, renderMode, render);
        this.v5 = v5;
        this.resetNoiseScale = noise;
    }

    /** The env as the registry makes it. */
    public static InvertedPendulumEnv create(
            EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml =
                v5 ? k.getString("xml_file", "inverted_pendulum.xml") : "inverted_pendulum.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 2) : 2;
        double noise = v5 ? k.getDouble("reset_noise_scale", 0.01) : 0.01;
        RenderOptions render = RenderOptions.read(spec.id(), k);
        k.requireAllUsed();
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        return new InvertedPendulumEnv(sim, frameSkip, spec, renderMode, render, v5, noise);
    }

    /** Gymnasium's {@code DEFAULT_CAMERA_CONFIG}. */
    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(0).distance(2.04);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = plusUniformNoise(initQvel(), resetNoiseScale);
        sim().setState(qpos, qvel);
        return positionsAndVelocities(0);
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        doSimulation(ctrl);
        Tensor obs = positionsAndVelocities(0);
        double[] o = obs.toDoubleArray();
        boolean finite = true;
        for (double x : o) {
            finite &= Double.isFinite(x);
        }
        boolean terminated = !finite || Math.abs(o[1]) > 0.2;
        if (!v5) {
            return new Step<>(obs, 1.0, terminated, false, Map.of());
        }
        int reward = terminated ? 0 : 1;
        return new Step<>(obs, reward, terminated, false, Map.of("reward_survive", (long) reward));
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.of(950.0), false);
    }
}
