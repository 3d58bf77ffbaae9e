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
 * Reacher-v4 and -v5, as Gymnasium 1.4.0's {@code reacher_v4.py} and {@code _v5.py}.
 *
 * <h2>Description</h2>
 *
 * A planar arm of two links, fixed at one end, learns to bring its tip (the body {@code fingertip})
 * to a target placed at random in the arena for each episode.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [2] in [-1, 1]: the torques on the shoulder and elbow hinges.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [10]: the cosines of the two arm angles, their sines, the target's x and y
 * (qpos[2:]), the two arm angular velocities, then x and y of {@code fingertip - target} (the
 * bodies' positions, as MuJoCo last computed them). v4: [11], the z of that difference (always 0)
 * last. Sines and cosines are the C library's, as NumPy's.
 *
 * <h2>Rewards</h2>
 *
 * {@code reward_dist + reward_ctrl}: {@code reward_dist = -|fingertip - target| *
 * reward_dist_weight}, {@code reward_ctrl = -sum(action^2) * reward_control_weight} in float32 (as
 * NumPy 2). v4 measures the distance before the physics step, v5 after it.
 *
 * <h2>Starting State</h2>
 *
 * qpos: the model's initial one plus uniform noise in [-0.1, 0.1], then its last two entries (the
 * target's x and y) replaced by a goal drawn uniformly in [-0.2, 0.2]^2, drawn again until its norm
 * is below 0.2. qvel: the initial one plus uniform noise in [-0.005, 0.005], its last two entries
 * (the target's) set to 0. All from the env's generator, in that order.
 *
 * <h2>Episode End</h2>
 *
 * Never terminated; truncated after 50 steps by the TimeLimit. Reward threshold -3.75.
 *
 * <h2>Arguments</h2>
 *
 * v5: {@code xml_file} ("reacher.xml"), {@code frame_skip} (2), {@code reward_dist_weight} (1),
 * {@code reward_control_weight} (1). Both: {@code width}, {@code height}, {@code camera_id}, {@code
 * camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: the distance term from the state after the physics step (v4: before it); the always-zero z of
 * the tip-target difference left out of the observation; the reward weights, also applied to {@code
 * info["reward_ctrl"]}; the xml_file and frame_skip kwargs. v4: MuJoCo bindings instead of
 * mujoco-py.
 */
public final class ReacherEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Reacher-v4");

    public static final EnvSpec V5 = spec("Reacher-v5");

    private final boolean v5;
    private final double rewardDistWeight;
    private final double rewardControlWeight;
    private final int fingertip;
    private final int target;
    private final MjSim.MjArray xpos;

    private ReacherEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            RenderOptions render) {
        super(sim, frameSkip, sim.nq() + (v5 ? 6 : 7), spec, renderMode, render);
        this.v5 = v5;
        this.rewardDistWeight = v5 ? k.getDouble("reward_dist_weight", 1) : 1;
        this.rewardControlWeight = v5 ? k.getDouble("reward_control_weight", 1) : 1;
        this.fingertip = sim.id(MjSim.ObjType.BODY, "fingertip");
        this.target = sim.id(MjSim.ObjType.BODY, "target");
        this.xpos = sim.dataField("xpos");
        if (sim.nq() < 2 || sim.nv() < 2 || fingertip < 0 || target < 0) {
            throw EnvException.invalidArgument(
                    spec.id()
                            + ": the model needs nq >= 2, nv >= 2 and bodies named fingertip and"
                            + " target");
        }
    }

    /** The env as the registry makes it. */
    public static ReacherEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "reacher.xml") : "reacher.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 2) : 2;
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            ReacherEnv env = new ReacherEnv(sim, frameSkip, spec, renderMode, v5, k, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return v5 ? CameraConfig.NONE : CameraConfig.NONE.trackBodyId(0);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), 0.1);
        double[] goal;
        do {
            goal = random().uniform(-0.2, 0.2, 2);
        } while (!(NumpyOps.norm(goal) < 0.2));
        int nq = qpos.length;
        qpos[nq - 2] = goal[0];
        qpos[nq - 1] = goal[1];
        double[] qvel = plusUniformNoise(initQvel(), 0.005);
        qvel[qvel.length - 2] = 0;
        qvel[qvel.length - 1] = 0;
        sim().setState(qpos, qvel);
        return observation();
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        double distanceBefore = v5 ? 0 : NumpyOps.norm(tipMinusTarget());
        doSimulation(ctrl);
        double distance = v5 ? NumpyOps.norm(tipMinusTarget()) : distanceBefore;
        double rewardDist = -distance * rewardDistWeight;
        double rewardCtrl = -NumpyOps.controlCost(rewardControlWeight, action);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("reward_dist", rewardDist);
        info.put("reward_ctrl", rewardCtrl);
        return new Step<>(observation(), rewardDist + rewardCtrl, false, false, info);
    }

    /** Gymnasium's {@code get_body_com("fingertip") - get_body_com("target")}: xpos rows. */
    private double[] tipMinusTarget() {
        double[] tip = xpos.row(fingertip);
        double[] goal = xpos.row(target);
        return new double[] {tip[0] - goal[0], tip[1] - goal[1], tip[2] - goal[2]};
    }

    /** cos and sin of qpos[:2], qpos[2:], qvel[:2], then the tip-target difference (v5: x, y). */
    private Tensor observation() {
        double[] qpos = sim().qpos();
        double[] qvel = sim().qvel();
        double[] vec = tipMinusTarget();
        double[] obs = new double[qpos.length + (v5 ? 6 : 7)];
        int j = 0;
        obs[j++] = NumpyOps.cos(qpos[0]);
        obs[j++] = NumpyOps.cos(qpos[1]);
        obs[j++] = NumpyOps.sin(qpos[0]);
        obs[j++] = NumpyOps.sin(qpos[1]);
        for (int i = 2; i < qpos.length; i++) {
            obs[j++] = qpos[i];
        }
        obs[j++] = qvel[0];
        obs[j++] = qvel[1];
        for (int i = 0; i < (v5 ? 2 : 3); i++) {
            obs[j++] = vec[i];
        }
        return Tensor.of(obs);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(50), OptionalDouble.of(-3.75), false);
    }
}
