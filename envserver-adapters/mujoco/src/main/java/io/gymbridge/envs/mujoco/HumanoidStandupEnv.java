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
 * HumanoidStandup-v4 and -v5, as Gymnasium 1.4.0's {@code humanoidstandup_v4.py} and {@code
 * humanoidstandup_v5.py}.
 *
 * <h2>Description</h2>
 *
 * Humanoid's body (torso, waist, pelvis, two legs, two arms; 17 hinges) starts lying on its back on
 * the floor, and is rewarded for getting its torso as high as it can: for standing up and staying
 * up.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [17] in [-0.4, 0.4]: the torques on the abdomen (z, y, x), each hip (x, z, y)
 * and knee, each shoulder (two axes) and elbow, as Humanoid's.
 *
 * <h2>Observation Space</h2>
 *
 * As Humanoid's: a float64 tensor, v5 [348] (qpos without the torso's x and y, qvel, then {@code
 * cinert}, {@code cvel} and {@code cfrc_ext} of the 13 bodies other than the world and {@code
 * qfrc_actuator} of the 17 hinge dofs, each optional; {@code
 * exclude_current_positions_from_observation=false} keeps x and y), v4 [376] (the world body's rows
 * and the free joint's actuator forces included, x and y always left out).
 *
 * <h2>Rewards</h2>
 *
 * {@code uph_cost - quad_ctrl_cost - quad_impact_cost + 1}: {@code uph_cost} is the torso's height
 * divided by MuJoCo's timestep (0.003 s; not by the env step {@code dt} = 0.015 s, whatever
 * Gymnasium's documentation says), {@code quad_ctrl_cost} is {@code ctrl_cost_weight * sum(ctrl^2)}
 * (float64, from mjData's ctrl), {@code quad_impact_cost} is {@code impact_cost_weight *
 * sum(cfrc_ext^2)} over every body, capped by {@code impact_cost_range} (v4: at 10). Gymnasium's v5
 * accepts {@code uph_cost_weight} but never applies it; neither does this port, so that the rewards
 * stay Gymnasium's.
 *
 * <h2>Starting State</h2>
 *
 * qpos and qvel: the model's initial ones (on its back, laid out along +x, the torso at height
 * 0.105) plus uniform noise in [-0.01, 0.01] ({@code reset_noise_scale}); MuJoCo's forward pass
 * then normalises the torso's quaternion.
 *
 * <h2>Episode End</h2>
 *
 * Never terminated; truncated after 1000 steps by the TimeLimit.
 *
 * <h2>Arguments</h2>
 *
 * v5: {@code xml_file} ("humanoidstandup.xml"), {@code frame_skip} (5), {@code uph_cost_weight} (1,
 * unused, see Rewards), {@code ctrl_cost_weight} (0.1), {@code impact_cost_weight} (5e-7), {@code
 * impact_cost_range} ([-inf, 10.0]), {@code reset_noise_scale} (0.01), {@code
 * exclude_current_positions_from_observation} (true), {@code include_cinert_in_observation}, {@code
 * include_cvel_in_observation}, {@code include_qfrc_actuator_in_observation}, {@code
 * include_cfrc_ext_in_observation} (all true). Both: {@code width}, {@code height}, {@code
 * camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: the world body and the free joint's entries dropped from the observation, and the include
 * kwargs; info {@code x_position}, {@code y_position}, {@code z_distance_from_origin} (the torso's
 * height above its initial one), {@code tendon_length} and {@code tendon_velocity} (copies at the
 * time of the step, where Gymnasium hands out live views of mjData); the same terms as reset info;
 * the kwargs above. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class HumanoidStandupEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("HumanoidStandup-v4");

    public static final EnvSpec V5 = spec("HumanoidStandup-v5");

    private final boolean v5;
    private final double ctrlCostWeight;
    private final double impactCostWeight;
    private final double[] impactCostRange;
    private final double resetNoiseScale;
    private final HumanoidEnv.Observation observation;

    private HumanoidStandupEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            HumanoidEnv.Observation observation,
            RenderOptions render) {
        super(sim, frameSkip, observation.size(sim), spec, renderMode, render);
        this.v5 = v5;
        if (v5) {
            k.getDouble("uph_cost_weight", 1.0);
        }
        this.ctrlCostWeight = v5 ? k.getDouble("ctrl_cost_weight", 0.1) : 0.1;
        this.impactCostWeight = v5 ? k.getDouble("impact_cost_weight", 5e-7) : 5e-7;
        this.impactCostRange =
                v5
                        ? k.getDoubles(
                                "impact_cost_range", new double[] {Double.NEGATIVE_INFINITY, 10.0})
                        : null;
        this.resetNoiseScale = v5 ? k.getDouble("reset_noise_scale", 1e-2) : 1e-2;
        this.observation = observation;
    }

    /** The env as the registry makes it. */
    public static HumanoidStandupEnv create(
            EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "humanoidstandup.xml") : "humanoidstandup.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
        HumanoidEnv.Observation observation = HumanoidEnv.Observation.read(k, v5, false);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            HumanoidStandupEnv env =
                    new HumanoidStandupEnv(
                            sim, frameSkip, spec, renderMode, v5, k, observation, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(1).distance(4.0).lookat(0, 0, 0.8925).elevation(-20.0);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = plusUniformNoise(initQvel(), resetNoiseScale);
        sim().setState(qpos, qvel);
        return observation.of(sim());
    }

    @Override
    protected Map<String, Object> resetInfo() {
        if (!v5) {
            return Map.of();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        putPositions(info);
        return info;
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        doSimulation(ctrl);
        double uphCost = (sim().qpos(2) - 0) / sim().timestep();
        double quadCtrlCost =
                ctrlCostWeight * NumpyOps.sumOfSquares(sim().dataField("ctrl").toDoubles());
        double impact =
                impactCostWeight * NumpyOps.sumOfSquares(sim().dataField("cfrc_ext").toDoubles());
        double quadImpactCost =
                v5
                        ? NumpyOps.clip(impact, impactCostRange[0], impactCostRange[1])
                        : (10 < impact ? 10.0 : impact);
        double reward = ((uphCost - quadCtrlCost) - quadImpactCost) + 1;
        Map<String, Object> info = new LinkedHashMap<>();
        if (v5) {
            putPositions(info);
        }
        info.put("reward_linup", uphCost);
        info.put("reward_quadctrl", -quadCtrlCost);
        info.put("reward_impact", -quadImpactCost);
        return new Step<>(observation.of(sim()), reward, false, false, info);
    }

    /** v5's state terms of info: x, y, the height gained, and the tendons. */
    private void putPositions(Map<String, Object> info) {
        info.put("x_position", sim().qpos(0));
        info.put("y_position", sim().qpos(1));
        info.put("z_distance_from_origin", sim().qpos(2) - initQpos()[2]);
        HumanoidEnv.putTendons(sim(), info);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.empty(), false);
    }
}
