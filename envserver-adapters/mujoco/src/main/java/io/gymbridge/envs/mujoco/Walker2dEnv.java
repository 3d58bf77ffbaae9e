package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Walker2d-v4 and -v5, as Gymnasium 1.4.0's {@code walker2d_v4.py} and {@code _v5.py}.
 *
 * <h2>Description</h2>
 *
 * A planar biped: a torso on two legs, each a thigh, a leg and a foot. It learns to walk forward
 * (to +x) by torques on its six hinges, without falling over.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [6] in [-1, 1]: the torques on the right thigh, leg and foot joints, then the
 * left ones.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [17]: qpos without the root's x (8: height, torso angle, six joint angles), then
 * qvel clipped to [-10, 10] (9); [18] with {@code
 * exclude_current_positions_from_observation=false}.
 *
 * <h2>Rewards</h2>
 *
 * {@code (forward_reward_weight * x_velocity + healthy) - ctrl_cost_weight * sum(action^2)}, the
 * velocity over the env step ({@code dt} = 0.008 s), the control cost in float32 as NumPy 2
 * computes it. {@code healthy} is {@code healthy_reward} while the walker is healthy; v4 also pays
 * it on the unhealthy (last) step when {@code terminate_when_unhealthy}.
 *
 * <h2>Starting State</h2>
 *
 * qpos and qvel: the model's initial ones (standing, torso at height 1.25) plus uniform noise in
 * [-0.005, 0.005] ({@code reset_noise_scale}) from the env's generator.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when unhealthy (if {@code terminate_when_unhealthy}): the torso's height qpos[1]
 * outside {@code healthy_z_range} (0.8, 2.0) or its angle qpos[2] outside {@code
 * healthy_angle_range} (-1, 1), bounds exclusive (a NaN is unhealthy). Truncated after 1000 steps
 * by the TimeLimit. No reward threshold is registered.
 *
 * <h2>Arguments</h2>
 *
 * {@code forward_reward_weight} (1.0), {@code ctrl_cost_weight} (1e-3), {@code healthy_reward}
 * (1.0), {@code terminate_when_unhealthy} (true), the two ranges above, {@code reset_noise_scale}
 * (5e-3), {@code exclude_current_positions_from_observation} (true); v5 also {@code xml_file}
 * ("walker2d_v5.xml") and {@code frame_skip} (4); both {@code width}, {@code height}, {@code
 * camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: both feet have friction 1.9 (v4's right foot 0.9: {@code walker2d.xml}); no healthy reward on
 * an unhealthy step; info {@code z_distance_from_origin} and the reward terms {@code
 * reward_forward}, {@code reward_ctrl}, {@code reward_survive}; reset info; the xml_file and
 * frame_skip kwargs. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class Walker2dEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Walker2d-v4");

    public static final EnvSpec V5 = spec("Walker2d-v5");

    private final boolean v5;
    private final double forwardRewardWeight;
    private final double ctrlCostWeight;
    private final double healthyReward;
    private final boolean terminateWhenUnhealthy;
    private final double[] healthyZRange;
    private final double[] healthyAngleRange;
    private final double resetNoiseScale;
    private final int skip;

    private Walker2dEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            boolean exclude,
            RenderOptions render) {
        super(sim, frameSkip, sim.nq() + sim.nv() - (exclude ? 1 : 0), spec, renderMode, render);
        this.v5 = v5;
        this.forwardRewardWeight = k.getDouble("forward_reward_weight", 1.0);
        this.ctrlCostWeight = k.getDouble("ctrl_cost_weight", 1e-3);
        this.healthyReward = k.getDouble("healthy_reward", 1.0);
        this.terminateWhenUnhealthy = k.getBoolean("terminate_when_unhealthy", true);
        this.healthyZRange = k.getDoubles("healthy_z_range", new double[] {0.8, 2.0});
        this.healthyAngleRange = k.getDoubles("healthy_angle_range", new double[] {-1.0, 1.0});
        this.resetNoiseScale = k.getDouble("reset_noise_scale", 5e-3);
        this.skip = exclude ? 1 : 0;
        if (sim.nq() < 3) {
            throw EnvException.invalidArgument(spec.id() + ": the model needs nq >= 3");
        }
    }

    /** The env as the registry makes it. */
    public static Walker2dEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "walker2d_v5.xml") : "walker2d.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 4) : 4;
        boolean exclude = k.getBoolean("exclude_current_positions_from_observation", true);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            Walker2dEnv env =
                    new Walker2dEnv(sim, frameSkip, spec, renderMode, v5, k, exclude, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(2).distance(4.0).lookat(0, 0, 1.15).elevation(-20.0);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = plusUniformNoise(initQvel(), resetNoiseScale);
        sim().setState(qpos, qvel);
        return observation();
    }

    @Override
    protected Map<String, Object> resetInfo() {
        if (!v5) {
            return Map.of();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("x_position", sim().qpos(0));
        info.put("z_distance_from_origin", sim().qpos(1) - initQpos()[1]);
        return info;
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        double xBefore = sim().qpos(0);
        doSimulation(ctrl);
        double xAfter = sim().qpos(0);
        double xVelocity = (xAfter - xBefore) / dt();
        boolean healthy = isHealthy();
        double forwardReward = forwardRewardWeight * xVelocity;
        double healthyTerm =
                v5
                        ? (healthy ? 1 : 0) * healthyReward
                        : ((healthy || terminateWhenUnhealthy) ? 1.0 : 0.0) * healthyReward;
        double ctrlCost = NumpyOps.controlCost(ctrlCostWeight, action);
        double reward = (forwardReward + healthyTerm) - ctrlCost;
        boolean terminated = !healthy && terminateWhenUnhealthy;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("x_position", xAfter);
        if (v5) {
            info.put("z_distance_from_origin", sim().qpos(1) - initQpos()[1]);
        }
        info.put("x_velocity", xVelocity);
        if (v5) {
            info.put("reward_forward", forwardReward);
            info.put("reward_ctrl", -ctrlCost);
            info.put("reward_survive", healthyTerm);
        }
        return new Step<>(observation(), reward, terminated, false, info);
    }

    /** Gymnasium's {@code is_healthy}: height and torso angle within their open ranges. */
    private boolean isHealthy() {
        double z = sim().qpos(1);
        double angle = sim().qpos(2);
        return healthyZRange[0] < z
                && z < healthyZRange[1]
                && healthyAngleRange[0] < angle
                && angle < healthyAngleRange[1];
    }

    /** qpos (without x unless asked), then qvel clipped to [-10, 10]. */
    private Tensor observation() {
        double[] qpos = sim().qpos();
        double[] qvel = sim().qvel();
        double[] obs = new double[qpos.length - skip + qvel.length];
        System.arraycopy(qpos, skip, obs, 0, qpos.length - skip);
        for (int i = 0; i < qvel.length; i++) {
            obs[qpos.length - skip + i] = Math.min(Math.max(qvel[i], -10), 10);
        }
        return Tensor.of(obs);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.empty(), false);
    }
}
