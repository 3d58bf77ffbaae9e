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
 * Swimmer-v4 and -v5, as Gymnasium 1.4.0's {@code swimmer_v4.py} and {@code _v5.py}.
 *
 * <h2>Description</h2>
 *
 * Coulom's swimmer: a chain of three links joined by two rotors, lying in a viscous planar pool. It
 * learns to swim forward (to +x) as fast as it can by torques on the rotors, pushing against the
 * fluid's friction.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [2] in [-1, 1]: the torques on the first and second rotor.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [8]: qpos without the front tip's x and y (3: the tip's angle and the two
 * rotors'), then qvel (5); [10] with {@code exclude_current_positions_from_observation=false}.
 *
 * <h2>Rewards</h2>
 *
 * {@code forward_reward_weight * x_velocity - ctrl_cost_weight * sum(action^2)}, the velocity of
 * the tip along x over the env step ({@code dt} = 0.04 s), the control cost in float32 as NumPy 2
 * computes it.
 *
 * <h2>Starting State</h2>
 *
 * qpos and qvel: the model's initial ones (all zero) plus uniform noise in [-0.1, 0.1] ({@code
 * reset_noise_scale}) from the env's generator.
 *
 * <h2>Episode End</h2>
 *
 * Never terminated; truncated after 1000 steps by the TimeLimit.
 *
 * <h2>Arguments</h2>
 *
 * {@code forward_reward_weight} (1.0), {@code ctrl_cost_weight} (1e-4), {@code reset_noise_scale}
 * (0.1), {@code exclude_current_positions_from_observation} (true); v5 also {@code xml_file}
 * ("swimmer.xml") and {@code frame_skip} (4); both {@code width}, {@code height}, {@code
 * camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: info {@code reward_forward} replaces v4's {@code reward_fwd} and {@code forward_reward}, and
 * the state terms come first; reset info ({@code x_position}, {@code y_position}, {@code
 * distance_from_origin}); the xml_file and frame_skip kwargs. v4: MuJoCo bindings instead of
 * mujoco-py.
 */
public final class SwimmerEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Swimmer-v4");

    public static final EnvSpec V5 = spec("Swimmer-v5");

    private final boolean v5;
    private final double forwardRewardWeight;
    private final double ctrlCostWeight;
    private final double resetNoiseScale;
    private final int skip;

    private SwimmerEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            boolean exclude,
            RenderOptions render) {
        super(sim, frameSkip, sim.nq() + sim.nv() - (exclude ? 2 : 0), spec, renderMode, render);
        this.v5 = v5;
        this.forwardRewardWeight = k.getDouble("forward_reward_weight", 1.0);
        this.ctrlCostWeight = k.getDouble("ctrl_cost_weight", 1e-4);
        this.resetNoiseScale = k.getDouble("reset_noise_scale", 0.1);
        this.skip = exclude ? 2 : 0;
        if (sim.nq() < 2) {
            throw EnvException.invalidArgument(spec.id() + ": the model needs nq >= 2");
        }
    }

    /** The env as the registry makes it. */
    public static SwimmerEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "swimmer.xml") : "swimmer.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 4) : 4;
        boolean exclude = k.getBoolean("exclude_current_positions_from_observation", true);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            SwimmerEnv env =
                    new SwimmerEnv(sim, frameSkip, spec, renderMode, v5, k, exclude, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = plusUniformNoise(initQvel(), resetNoiseScale);
        sim().setState(qpos, qvel);
        return positionsAndVelocities(skip);
    }

    @Override
    protected Map<String, Object> resetInfo() {
        if (!v5) {
            return Map.of();
        }
        double x = sim().qpos(0);
        double y = sim().qpos(1);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("x_position", x);
        info.put("y_position", y);
        info.put("distance_from_origin", NumpyOps.norm(x, y));
        return info;
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        double xBefore = sim().qpos(0);
        double yBefore = sim().qpos(1);
        doSimulation(ctrl);
        double xAfter = sim().qpos(0);
        double yAfter = sim().qpos(1);
        double xVelocity = (xAfter - xBefore) / dt();
        double yVelocity = (yAfter - yBefore) / dt();
        double forwardReward = forwardRewardWeight * xVelocity;
        double ctrlCost = NumpyOps.controlCost(ctrlCostWeight, action);
        double reward = forwardReward - ctrlCost;
        Map<String, Object> info = new LinkedHashMap<>();
        if (!v5) {
            info.put("reward_fwd", forwardReward);
            info.put("reward_ctrl", -ctrlCost);
        }
        info.put("x_position", xAfter);
        info.put("y_position", yAfter);
        info.put("distance_from_origin", NumpyOps.norm(xAfter, yAfter));
        info.put("x_velocity", xVelocity);
        info.put("y_velocity", yVelocity);
        if (v5) {
            info.put("reward_forward", forwardReward);
            info.put("reward_ctrl", -ctrlCost);
        } else {
            info.put("forward_reward", forwardReward);
        }
        return new Step<>(positionsAndVelocities(skip), reward, false, false, info);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.of(360.0), false);
    }
}
