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
 * Ant-v4 and -v5, as Gymnasium 1.4.0's {@code ant_v4.py} and {@code ant_v5.py}.
 *
 * <h2>Description</h2>
 *
 * A four-legged robot: a spherical torso, free to move in 3-D, with four legs of two links each (a
 * hip and an ankle hinge per leg). Torques on the eight hinges should carry it forward (to +x)
 * without flipping over or leaving the height band of a standing ant.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [8] in [-1, 1]: the torques on the hip and ankle of each of the four legs.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor. v5 [105]: qpos without the torso's x and y (13: the torso's z, its orientation
 * quaternion, the eight hinge angles), qvel (14), then the external contact forces of the 13 bodies
 * other than the world ({@code cfrc_ext[1:]}, 6 each), clipped to {@code contact_force_range}.
 * {@code include_cfrc_ext_in_observation=false} drops the forces. v4 [27]: the same without the
 * forces, or with all 14 bodies' clipped forces (84) when {@code use_contact_forces}. Either way
 * {@code exclude_current_positions_from_observation=false} keeps x and y (+2).
 *
 * <h2>Rewards</h2>
 *
 * {@code healthy_reward + forward_reward - ctrl_cost - contact_cost}: the forward reward is the x
 * velocity of the main body (the torso) over the env step ({@code dt} = 0.05 s), measured on its
 * frame position {@code xpos}, times {@code forward_reward_weight} (v5); the control cost is {@code
 * ctrl_cost_weight * sum(action^2)}, in float32 as NumPy 2 computes it; the contact cost is {@code
 * contact_cost_weight * sum(clip(cfrc_ext)^2)}, always included in v5 and only with {@code
 * use_contact_forces} in v4. The healthy reward is paid while healthy (v4: on every step as long as
 * {@code terminate_when_unhealthy}).
 *
 * <h2>Starting State</h2>
 *
 * qpos: the initial one (the torso at height 0.75, upright, legs spread) plus uniform noise in
 * [-0.1, 0.1]; qvel: plus 0.1 times standard normal noise ({@code reset_noise_scale}), NumPy's
 * ziggurat from the env's generator. MuJoCo's forward pass then normalises the torso's quaternion.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when unhealthy (if {@code terminate_when_unhealthy}): some entry of qpos or qvel is
 * not finite, or the torso's z leaves {@code healthy_z_range} [0.2, 1.0] (bounds included).
 * Truncated after 1000 steps by the TimeLimit. Solved at a return of 6000.
 *
 * <h2>Arguments</h2>
 *
 * Both versions: {@code xml_file} ("ant.xml"), {@code ctrl_cost_weight} (0.5), {@code
 * contact_cost_weight} (5e-4), {@code healthy_reward} (1.0), {@code terminate_when_unhealthy}
 * (true), {@code healthy_z_range} ([0.2, 1.0]), {@code contact_force_range} ([-1.0, 1.0]), {@code
 * reset_noise_scale} (0.1), {@code exclude_current_positions_from_observation} (true), {@code
 * width}, {@code height}, {@code camera_id}, {@code camera_name}. v4 only: {@code
 * use_contact_forces} (false). v5 only: {@code frame_skip} (5), {@code forward_reward_weight} (1),
 * {@code main_body} (1, or a body's name: the body whose displacement is rewarded), {@code
 * include_cfrc_ext_in_observation} (true).
 *
 * <h2>Version History</h2>
 *
 * v5: the healthy reward only while healthy; the contact cost always in the reward, and the contact
 * forces in the observation by default, without the world body's row; {@code x_position}, {@code
 * y_position} and {@code distance_from_origin} of info read from qpos (v4: the torso's xpos), info
 * {@code reward_contact} and no {@code forward_reward}; reset info; the frame_skip,
 * forward_reward_weight, main_body and include_cfrc_ext_in_observation kwargs. In v4 with {@code
 * use_contact_forces}, info's {@code reward_ctrl} holds the negated contact cost (a Gymnasium quirk
 * kept for parity). v4: MuJoCo bindings instead of mujoco-py.
 */
public final class AntEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Ant-v4");

    public static final EnvSpec V5 = spec("Ant-v5");

    private final boolean v5;
    private final double forwardRewardWeight;
    private final double ctrlCostWeight;
    private final double contactCostWeight;
    private final double healthyReward;
    private final boolean terminateWhenUnhealthy;
    private final double[] healthyZRange;
    private final double[] contactForceRange;
    private final double resetNoiseScale;
    private final int mainBody;
    private final int skip;
    private final boolean forcesInObservation;

    private AntEnv(MjSim sim, int frameSkip, EnvSpec spec, String renderMode, Options o) {
        super(sim, frameSkip, o.observationSize(sim), spec, renderMode, o.render);
        this.v5 = o.v5;
        this.forwardRewardWeight = o.forwardRewardWeight;
        this.ctrlCostWeight = o.ctrlCostWeight;
        this.contactCostWeight = o.contactCostWeight;
        this.healthyReward = o.healthyReward;
        this.terminateWhenUnhealthy = o.terminateWhenUnhealthy;
        this.healthyZRange = o.healthyZRange;
        this.contactForceRange = o.contactForceRange;
        this.resetNoiseScale = o.resetNoiseScale;
        this.mainBody = o.mainBody(sim, spec.id());
        this.skip = o.exclude ? 2 : 0;
        this.forcesInObservation = o.forces;
        if (sim.nq() < 3) {
            throw EnvException.invalidArgument(spec.id() + ": the model needs nq >= 3");
        }
    }

    /** The env as the registry makes it. */
    public static AntEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        Options o = new Options(spec.id(), kwargs);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), o.xmlFile));
        try {
            AntEnv env = new AntEnv(sim, o.frameSkip, spec, renderMode, o);
            o.k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

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
        return observation();
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
        double[] before = mainBodyXy();
        doSimulation(ctrl);
        double[] after = mainBodyXy();
        double xVelocity = (after[0] - before[0]) / dt();
        double yVelocity = (after[1] - before[1]) / dt();
        Tensor obs = observation();
        boolean healthy = isHealthy();
        double ctrlCost = NumpyOps.controlCost(ctrlCostWeight, action);
        boolean terminated = !healthy && terminateWhenUnhealthy;
        Map<String, Object> info = new LinkedHashMap<>();
        double reward;
        if (v5) {
            double forwardReward = xVelocity * forwardRewardWeight;
            double healthyTerm = (healthy ? 1 : 0) * healthyReward;
            double contactCost = contactCost();
            reward = (forwardReward + healthyTerm) - (ctrlCost + contactCost);
            putPositions(info);
            info.put("x_velocity", xVelocity);
            info.put("y_velocity", yVelocity);
            info.put("reward_forward", forwardReward);
            info.put("reward_ctrl", -ctrlCost);
            info.put("reward_contact", -contactCost);
            info.put("reward_survive", healthyTerm);
        } else {
            double healthyTerm = ((healthy || terminateWhenUnhealthy) ? 1.0 : 0.0) * healthyReward;
            double costs = ctrlCost;
            info.put("reward_forward", xVelocity);
            info.put("reward_ctrl", -ctrlCost);
            info.put("reward_survive", healthyTerm);
            info.put("x_position", after[0]);
            info.put("y_position", after[1]);
            info.put("distance_from_origin", NumpyOps.norm(after));
            info.put("x_velocity", xVelocity);
            info.put("y_velocity", yVelocity);
            info.put("forward_reward", xVelocity);
            if (forcesInObservation) {
                double contactCost = contactCost();
                costs += contactCost;
                info.put("reward_ctrl", -contactCost);
            }
            reward = (xVelocity + healthyTerm) - costs;
        }
        return new Step<>(obs, reward, terminated, false, info);
    }

    /** {@code x_position}, {@code y_position} and {@code distance_from_origin}, from qpos. */
    private void putPositions(Map<String, Object> info) {
        double x = sim().qpos(0);
        double y = sim().qpos(1);
        info.put("x_position", x);
        info.put("y_position", y);
        info.put("distance_from_origin", NumpyOps.norm(x, y));
    }

    /** The main body's frame position x and y ({@code data.body(main_body).xpos[:2]}). */
    private double[] mainBodyXy() {
        MjSim.MjArray xpos = sim().dataField("xpos");
        return new double[] {xpos.get(mainBody, 0), xpos.get(mainBody, 1)};
    }

    /** Gymnasium's {@code is_healthy}: qpos and qvel finite, the torso's z in the closed range. */
    private boolean isHealthy() {
        double[] qpos = sim().qpos();
        double[] qvel = sim().qvel();
        for (double v : qpos) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double v : qvel) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return healthyZRange[0] <= qpos[2] && qpos[2] <= healthyZRange[1];
    }

    /** {@code cfrc_ext} of every body (the world's row first), clipped to the force range. */
    private double[] contactForces() {
        double[] f = sim().dataField("cfrc_ext").toDoubles();
        for (int i = 0; i < f.length; i++) {
            f[i] = NumpyOps.clip(f[i], contactForceRange[0], contactForceRange[1]);
        }
        return f;
    }

    /** {@code contact_cost_weight * sum(clipped cfrc_ext^2)}, summed as NumPy does. */
    private double contactCost() {
        return contactCostWeight * NumpyOps.sumOfSquares(contactForces());
    }

    /** qpos (without x, y), qvel, and the clipped contact forces if asked for. */
    private Tensor observation() {
        double[] qpos = sim().qpos();
        double[] qvel = sim().qvel();
        double[] forces = new double[0];
        if (forcesInObservation) {
            double[] all = contactForces();
            int from = v5 ? 6 : 0;
            forces = Arrays.copyOfRange(all, from, all.length);
        }
        int np = qpos.length - skip;
        double[] obs = new double[np + qvel.length + forces.length];
        System.arraycopy(qpos, skip, obs, 0, np);
        System.arraycopy(qvel, 0, obs, np, qvel.length);
        System.arraycopy(forces, 0, obs, np + qvel.length, forces.length);
        return Tensor.of(obs);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.of(6000.0), false);
    }

    /** The kwargs of either version, with Gymnasium's defaults. */
    private static final class Options {
        final Kwargs k;
        final RenderOptions render;
        final boolean v5;
        final String xmlFile;
        final int frameSkip;
        final double forwardRewardWeight;
        final double ctrlCostWeight;
        final double contactCostWeight;
        final double healthyReward;
        final boolean terminateWhenUnhealthy;
        final double[] healthyZRange;
        final double[] contactForceRange;
        final double resetNoiseScale;
        final boolean exclude;
        final boolean forces;
        final String mainBodyName;
        final long mainBodyId;

        Options(String id, Map<String, Object> kwargs) {
            k = new Kwargs(id, kwargs);
            v5 = id.endsWith("-v5");
            xmlFile = k.getString("xml_file", "ant.xml");
            frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
            forwardRewardWeight = v5 ? k.getDouble("forward_reward_weight", 1.0) : 1.0;
            ctrlCostWeight = k.getDouble("ctrl_cost_weight", 0.5);
            contactCostWeight = k.getDouble("contact_cost_weight", 5e-4);
            healthyReward = k.getDouble("healthy_reward", 1.0);
            terminateWhenUnhealthy = k.getBoolean("terminate_when_unhealthy", true);
            healthyZRange = k.getDoubles("healthy_z_range", new double[] {0.2, 1.0});
            contactForceRange = k.getDoubles("contact_force_range", new double[] {-1.0, 1.0});
            resetNoiseScale = k.getDouble("reset_noise_scale", 0.1);
            exclude = k.getBoolean("exclude_current_positions_from_observation", true);
            forces =
                    v5
                            ? k.getBoolean("include_cfrc_ext_in_observation", true)
                            : k.getBoolean("use_contact_forces", false);
            if (v5 && kwargs.get("main_body") instanceof String) {
                mainBodyName = k.getString("main_body", "torso");
                mainBodyId = -1;
            } else {
                mainBodyName = v5 ? null : "torso";
                mainBodyId = v5 ? k.getLong("main_body", 1) : -1;
            }
            render = RenderOptions.read(id, k);
        }

        int observationSize(MjSim sim) {
            int n = sim.nq() + sim.nv() - (exclude ? 2 : 0);
            if (forces) {
                n += (v5 ? sim.modelInt("nbody") - 1 : sim.modelInt("nbody")) * 6;
            }
            return n;
        }

        /** The body whose xpos is rewarded: its id, checked against the model. */
        int mainBody(MjSim sim, String id) {
            if (mainBodyName != null) {
                int b = sim.id(MjSim.ObjType.BODY, mainBodyName);
                if (b < 0) {
                    throw EnvException.invalidArgument(
                            id + ": the model has no body named '" + mainBodyName + "'");
                }
                return b;
            }
            if (mainBodyId < 0 || mainBodyId >= sim.modelInt("nbody")) {
                throw EnvException.invalidArgument(
                        id
                                + ": main_body "
                                + mainBodyId
                                + " is not a body id in [0, "
                                + sim.modelInt("nbody")
                                + ")");
            }
            return (int) mainBodyId;
        }
    }
}
