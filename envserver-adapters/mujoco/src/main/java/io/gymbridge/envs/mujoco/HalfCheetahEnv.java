package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * HalfCheetah-v4 and -v5, as Gymnasium 1.4.0's {@code half_cheetah_v4.py} and {@code _v5.py}.
 *
 * <h2>Description</h2>
 *
 * A planar cat-like robot of 9 links and 8 joints (two of them paws) is driven to run forward (to
 * +x) as fast as it can, by torques on its six thigh, shin and foot joints.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [6] in [-1, 1]: the torques on the back thigh, shin and foot, then the front.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [17]: qpos without the root's x (8), then qvel (9); [18] with {@code
 * exclude_current_positions_from_observation=false}.
 *
 * <h2>Rewards</h2>
 *
 * {@code forward_reward_weight * x_velocity - ctrl_cost_weight * sum(action^2)}, the velocity over
 * the env step ({@code dt} = 0.05 s), the control cost in float32 as NumPy 2 computes it.
 *
 * <h2>Starting State</h2>
 *
 * qpos: the initial one plus uniform noise in [-0.1, 0.1]; qvel: plus 0.1 times standard normal
 * noise ({@code reset_noise_scale}), NumPy's ziggurat from the env's generator.
 *
 * <h2>Episode End</h2>
 *
 * Never terminated; truncated after 1000 steps by the TimeLimit.
 *
 * <h2>Arguments</h2>
 *
 * {@code forward_reward_weight} (1.0), {@code ctrl_cost_weight} (0.1), {@code reset_noise_scale}
 * (0.1), {@code exclude_current_positions_from_observation} (true); v5 also {@code xml_file}
 * ("half_cheetah.xml") and {@code frame_skip} (5); both {@code width}, {@code height}, {@code
 * camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: info {@code reward_forward} (v4: {@code reward_run}), reset info {@code x_position}, the
 * xml_file and frame_skip kwargs. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class HalfCheetahEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("HalfCheetah-v4");

    public static final EnvSpec V5 = spec("HalfCheetah-v5");

    private final boolean v5;
    private final double forwardRewardWeight;
    private final double ctrlCostWeight;
    private final double resetNoiseScale;
    private final int skip;

    private HalfCheetahEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            RenderOptions render,
            boolean v5,
            Kwargs k,
            boolean exclude) {
        super(sim, frameSkip, sim.nq() + sim.nv() - (exclude ? 1 : 0), spec, renderMode, render);
        this.v5 = v5;
        this.forwardRewardWeight = k.getDouble("forward_reward_weight", 1.0);
        this.ctrlCostWeight = k.getDouble("ctrl_cost_weight", 0.1);
        this.resetNoiseScale = k.getDouble("reset_noise_scale", 0.1);
        this.skip = exclude ? 1 : 0;
    }

    /** The env as the registry makes it. */
    public static HalfCheetahEnv create(
            EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "half_cheetah.xml") : "half_cheetah.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
        boolean exclude = k.getBoolean("exclude_current_positions_from_observation", true);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            HalfCheetahEnv env =
                    new HalfCheetahEnv(sim, frameSkip, spec, renderMode, render, v5, k, exclude);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** Gymnasium's {@code DEFAULT_CAMERA_CONFIG}. */
    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.distance(4.0);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = initQvel();
        double[] normal = random().standardNormal(qvel.length);
        for (int i = 0; i < qvel.length; i++) {
            qvel[i] += resetNoiseScale * normal[i];
        }
        sim().setState(qpos, qvel);
        return positionsAndVelocities(skip);
    }

    @Override
    protected Map<String, Object> resetInfo() {
        return v5 ? Map.of("x_position", sim().qpos(0)) : Map.of();
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        double xBefore = sim().qpos(0);
        doSimulation(ctrl);
        double xAfter = sim().qpos(0);
        double xVelocity = (xAfter - xBefore) / dt();
        double ctrlCost = NumpyOps.controlCost(ctrlCostWeight, action);
        double forwardReward = forwardRewardWeight * xVelocity;
        double reward = forwardReward - ctrlCost;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("x_position", xAfter);
        info.put("x_velocity", xVelocity);
        info.put(v5 ? "reward_forward" : "reward_run", forwardReward);
        info.put("reward_ctrl", -ctrlCost);
        return new Step<>(positionsAndVelocities(skip), reward, false, false, info);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.of(4800.0), false);
    }
}
