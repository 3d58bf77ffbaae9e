package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Humanoid-v4 and -v5, as Gymnasium 1.4.0's {@code humanoid_v4.py} and {@code humanoid_v5.py}.
 *
 * <h2>Description</h2>
 *
 * A 3-D bipedal robot (torso, waist, pelvis, two legs of thigh, shin and foot, two arms of upper
 * and lower arm) standing on the floor: torques on its 17 hinges should make it walk forward (to
 * +x) as fast as it can without falling.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [17] in [-0.4, 0.4]: the torques on the abdomen (z, y, x), each hip (x, z, y)
 * and knee, each shoulder (two axes) and elbow.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor. v5 [348]: qpos without the torso's x and y (22), qvel (23), then per body other
 * than the world: its inertia about the centre of mass ({@code cinert}, 13 x 10), its velocity
 * there ({@code cvel}, 13 x 6), the actuator forces on the 17 hinge dofs ({@code
 * qfrc_actuator[6:]}), and the external contact forces ({@code cfrc_ext}, 13 x 6); each of the last
 * four can be left out ({@code include_*_in_observation}). v4 [376]: the same with the world body's
 * rows and the free joint's six actuator-force entries included. {@code
 * exclude_current_positions_from_observation=false} keeps x and y (+2).
 *
 * <h2>Rewards</h2>
 *
 * {@code healthy_reward + forward_reward - ctrl_cost - contact_cost}: the forward reward is {@code
 * forward_reward_weight} times the x velocity of the whole body's centre of mass ({@code
 * sum(body_mass * xipos) / sum(body_mass)}) over the env step ({@code dt} = 0.015 s); the control
 * cost {@code ctrl_cost_weight * sum(ctrl^2)} (float64, from mjData's ctrl); the contact cost (v5
 * only) {@code contact_cost_weight * sum(cfrc_ext^2)}, clipped to {@code contact_cost_range}. The
 * healthy reward is paid while healthy (v4: on every step as long as {@code
 * terminate_when_unhealthy}).
 *
 * <h2>Starting State</h2>
 *
 * qpos and qvel: the initial ones (standing upright at height 1.4) plus uniform noise in [-0.01,
 * 0.01] ({@code reset_noise_scale}); MuJoCo's forward pass then normalises the torso's quaternion.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when unhealthy (if {@code terminate_when_unhealthy}): the torso's z outside {@code
 * healthy_z_range} (1.0, 2.0), bounds excluded. Truncated after 1000 steps by the TimeLimit.
 *
 * <h2>Arguments</h2>
 *
 * Both versions: {@code forward_reward_weight} (1.25), {@code ctrl_cost_weight} (0.1), {@code
 * healthy_reward} (5.0), {@code terminate_when_unhealthy} (true), {@code healthy_z_range} ([1.0,
 * 2.0]), {@code reset_noise_scale} (0.01), {@code exclude_current_positions_from_observation}
 * (true), {@code width}, {@code height}, {@code camera_id}, {@code camera_name}. v5 only: {@code
 * xml_file} ("humanoid.xml"), {@code frame_skip} (5), {@code contact_cost_weight} (5e-7), {@code
 * contact_cost_range} ([-inf, 10.0]), {@code include_cinert_in_observation}, {@code
 * include_cvel_in_observation}, {@code include_qfrc_actuator_in_observation}, {@code
 * include_cfrc_ext_in_observation} (all true).
 *
 * <h2>Version History</h2>
 *
 * v5: the healthy reward only while healthy; the contact cost back in the reward; the world body
 * and the free joint's entries dropped from the observation, and the include kwargs; info keys
 * renamed ({@code reward_survive}, {@code reward_forward}, {@code reward_ctrl}, {@code
 * reward_contact}), {@code x_position}, {@code y_position} and {@code distance_from_origin} read
 * from qpos (v4: from the centre of mass), {@code tendon_length} and {@code tendon_velocity} added
 * (copies at the time of the step, where Gymnasium hands out live views of mjData); reset info; the
 * xml_file and frame_skip kwargs. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class HumanoidEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Humanoid-v4");

    public static final EnvSpec V5 = spec("Humanoid-v5");

    private final boolean v5;
    private final double forwardRewardWeight;
    private final double ctrlCostWeight;
    private final double contactCostWeight;
    private final double[] contactCostRange;
    private final double healthyReward;
    private final boolean terminateWhenUnhealthy;
    private final double[] healthyZRange;
    private final double resetNoiseScale;
    private final Observation observation;

    private HumanoidEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            Observation observation,
            RenderOptions render) {
        super(sim, frameSkip, observation.size(sim), spec, renderMode, render);
        this.v5 = v5;
        this.forwardRewardWeight = k.getDouble("forward_reward_weight", 1.25);
        this.ctrlCostWeight = k.getDouble("ctrl_cost_weight", 0.1);
        this.contactCostWeight = v5 ? k.getDouble("contact_cost_weight", 5e-7) : 0.0;
        this.contactCostRange =
                v5
                        ? k.getDoubles(
                                "contact_cost_range", new double[] {Double.NEGATIVE_INFINITY, 10.0})
                        : null;
        this.healthyReward = k.getDouble("healthy_reward", 5.0);
        this.terminateWhenUnhealthy = k.getBoolean("terminate_when_unhealthy", true);
        this.healthyZRange = k.getDoubles("healthy_z_range", new double[] {1.0, 2.0});
        this.resetNoiseScale = k.getDouble("reset_noise_scale", 1e-2);
        this.observation = observation;
    }

    /** The env as the registry makes it. */
    public static HumanoidEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "humanoid.xml") : "humanoid.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
        Observation observation = Observation.read(k, v5, true);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            HumanoidEnv env =
                    new HumanoidEnv(sim, frameSkip, spec, renderMode, v5, k, observation, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(1).distance(4.0).lookat(0, 0, 2.0).elevation(-20.0);
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
        double[] before = massCenter(sim());
        doSimulation(ctrl);
        double[] after = massCenter(sim());
        double xVelocity = (after[0] - before[0]) / dt();
        double yVelocity = (after[1] - before[1]) / dt();
        Tensor obs = observation.of(sim());
        boolean healthy = healthyZRange[0] < sim().qpos(2) && sim().qpos(2) < healthyZRange[1];
        double ctrlCost =
                ctrlCostWeight * NumpyOps.sumOfSquares(sim().dataField("ctrl").toDoubles());
        double forwardReward = forwardRewardWeight * xVelocity;
        boolean terminated = !healthy && terminateWhenUnhealthy;
        Map<String, Object> info = new LinkedHashMap<>();
        double reward;
        if (v5) {
            double healthyTerm = (healthy ? 1 : 0) * healthyReward;
            double contactCost =
                    NumpyOps.clip(
                            contactCostWeight
                                    * NumpyOps.sumOfSquares(
                                            sim().dataField("cfrc_ext").toDoubles()),
                            contactCostRange[0],
                            contactCostRange[1]);
            reward = (forwardReward + healthyTerm) - (ctrlCost + contactCost);
            putPositions(info);
            info.put("x_velocity", xVelocity);
            info.put("y_velocity", yVelocity);
            info.put("reward_survive", healthyTerm);
            info.put("reward_forward", forwardReward);
            info.put("reward_ctrl", -ctrlCost);
            info.put("reward_contact", -contactCost);
        } else {
            double healthyTerm = ((healthy || terminateWhenUnhealthy) ? 1.0 : 0.0) * healthyReward;
            reward = (forwardReward + healthyTerm) - ctrlCost;
            info.put("reward_linvel", forwardReward);
            info.put("reward_quadctrl", -ctrlCost);
            info.put("reward_alive", healthyTerm);
            info.put("x_position", after[0]);
            info.put("y_position", after[1]);
            info.put("distance_from_origin", NumpyOps.norm(after));
            info.put("x_velocity", xVelocity);
            info.put("y_velocity", yVelocity);
            info.put("forward_reward", forwardReward);
        }
        return new Step<>(obs, reward, terminated, false, info);
    }

    /** v5's position terms of info: x, y, the tendons, and the distance from the origin. */
    private void putPositions(Map<String, Object> info) {
        double x = sim().qpos(0);
        double y = sim().qpos(1);
        info.put("x_position", x);
        info.put("y_position", y);
        putTendons(sim(), info);
        info.put("distance_from_origin", NumpyOps.norm(x, y));
    }

    /**
     * {@code tendon_length} and {@code tendon_velocity}: copies of mjData's, as float64 tensors.
     */
    static void putTendons(MjSim sim, Map<String, Object> info) {
        info.put("tendon_length", Tensor.of(sim.dataField("ten_length").toDoubles()));
        info.put("tendon_velocity", Tensor.of(sim.dataField("ten_velocity").toDoubles()));
    }

    /**
     * The x and y of the centre of mass: {@code einsum("b,bj->j", body_mass, xipos) /
     * body_mass.sum()}, the products accumulated body by body as NumPy's einsum does, the masses
     * summed pairwise.
     */
    static double[] massCenter(MjSim sim) {
        double[] mass = sim.modelField("body_mass").toDoubles();
        MjSim.MjArray xipos = sim.dataField("xipos");
        double[] num = new double[3];
        for (int b = 0; b < mass.length; b++) {
            for (int j = 0; j < 3; j++) {
                num[j] += mass[b] * xipos.get(b, j);
            }
        }
        double denom = NumpyOps.pairwiseSum(mass, 0, mass.length);
        return new double[] {num[0] / denom, num[1] / denom};
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.empty(), false);
    }

    /**
     * The observation of Humanoid and HumanoidStandup: qpos (without x and y if excluded), qvel,
     * then cinert, cvel, qfrc_actuator and cfrc_ext as chosen. v5 drops the world body's rows and
     * the free joint's actuator forces; v4 keeps them.
     *
     * @param skip how many leading qpos entries to leave out
     */
    record Observation(
            boolean v5, int skip, boolean cinert, boolean cvel, boolean qfrc, boolean cfrcExt) {

        /**
         * Reads the kwargs: v5's switches; v4 takes every part, and leaves x and y out unless told
         * otherwise where it has the kwarg for it ({@code v4Exclude}: Humanoid-v4, not
         * HumanoidStandup-v4).
         */
        static Observation read(Kwargs k, boolean v5, boolean v4Exclude) {
            boolean exclude =
                    v5 || v4Exclude
                            ? k.getBoolean("exclude_current_positions_from_observation", true)
                            : true;
            if (!v5) {
                return new Observation(false, exclude ? 2 : 0, true, true, true, true);
            }
            return new Observation(
                    true,
                    exclude ? 2 : 0,
                    k.getBoolean("include_cinert_in_observation", true),
                    k.getBoolean("include_cvel_in_observation", true),
                    k.getBoolean("include_qfrc_actuator_in_observation", true),
                    k.getBoolean("include_cfrc_ext_in_observation", true));
        }

        /** The observation's length for the model. */
        int size(MjSim sim) {
            if (sim.nq() < 3 || (v5 && qfrc && sim.nv() < 6)) {
                throw EnvException.invalidArgument(
                        sim.name() + ": a humanoid model needs a free joint (nq >= 3, nv >= 6)");
            }
            int bodies = sim.modelInt("nbody") - (v5 ? 1 : 0);
            int n = sim.nq() - skip + sim.nv();
            n += cinert ? bodies * 10 : 0;
            n += cvel ? bodies * 6 : 0;
            n += qfrc ? sim.nv() - (v5 ? 6 : 0) : 0;
            n += cfrcExt ? bodies * 6 : 0;
            return n;
        }

        /** The observation of the simulation's current state. */
        Tensor of(MjSim sim) {
            int rows = v5 ? 1 : 0;
            double[][] parts = {
                tail(sim.qpos(), skip),
                sim.qvel(),
                cinert ? tail(sim.dataField("cinert").toDoubles(), rows * 10) : new double[0],
                cvel ? tail(sim.dataField("cvel").toDoubles(), rows * 6) : new double[0],
                qfrc ? tail(sim.dataField("qfrc_actuator").toDoubles(), rows * 6) : new double[0],
                cfrcExt ? tail(sim.dataField("cfrc_ext").toDoubles(), rows * 6) : new double[0]
            };
            int n = 0;
            for (double[] p : parts) {
                n += p.length;
            }
            double[] obs = new double[n];
            int at = 0;
            for (double[] p : parts) {
                System.arraycopy(p, 0, obs, at, p.length);
                at += p.length;
            }
            return Tensor.of(obs);
        }

        /** {@code a[from:]}. */
        private static double[] tail(double[] a, int from) {
            return Arrays.copyOfRange(a, from, a.length);
        }
    }
}
