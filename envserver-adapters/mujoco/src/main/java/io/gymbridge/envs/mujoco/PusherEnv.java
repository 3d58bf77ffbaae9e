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
 * Pusher-v4 and -v5, as Gymnasium 1.4.0's {@code pusher_v4.py} and {@code pusher_v5.py}.
 *
 * <h2>Description</h2>
 *
 * A seven-joint arm (shoulder pan, lift and roll, elbow flex, forearm roll, wrist flex and roll),
 * without gravity, over a table: its fingertip should push a cylinder lying on the table to a goal
 * marker. The cylinder and the goal each slide on two joints (y, x) at the end of qpos.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [7] in [-2, 2]: the torques on the seven arm joints.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [23]: the arm's seven joint angles (qpos[:7]) and velocities (qvel[:7]), then
 * the world positions ({@code xpos}) of the fingertip, the object and the goal, 3 each.
 *
 * <h2>Rewards</h2>
 *
 * {@code reward_dist + reward_ctrl + reward_near}: minus {@code reward_dist_weight} times the
 * object's distance to the goal, minus {@code reward_control_weight * sum(action^2)} (float32, as
 * NumPy 2 computes it), minus {@code reward_near_weight} times the fingertip's distance to the
 * object. v4 uses the fixed weights 1, 0.1 and 0.5, and measures both distances before the
 * simulation step (v5: after).
 *
 * <h2>Starting State</h2>
 *
 * The arm starts at the model's initial qpos, with no noise; the goal at (0, 0) of its slides; the
 * object at x in [-0.3, 0] and y in [-0.2, 0.2] of its slides (drawn uniformly, in that order, and
 * drawn again until it is more than 0.17 from the goal). qvel: the initial one plus uniform noise
 * in [-0.005, 0.005], then zero for the object's and the goal's slides.
 *
 * <h2>Episode End</h2>
 *
 * Never terminated; truncated after 100 steps by the TimeLimit. Solved at a return of 0.
 *
 * <h2>Arguments</h2>
 *
 * v5: {@code xml_file} ("pusher_v5.xml"), {@code frame_skip} (5), {@code reward_near_weight} (0.5),
 * {@code reward_dist_weight} (1), {@code reward_control_weight} (0.1). Both: {@code width}, {@code
 * height}, {@code camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: a heavier object (cylinder density 0.01, no invisible sphere; v4's model is {@code
 * pusher.xml}), the reward from the state after the step, info {@code reward_near} and the weighted
 * terms in info (v4's {@code reward_ctrl} is the unweighted {@code -sum(action^2)}), the kwargs
 * above. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class PusherEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("Pusher-v4");

    public static final EnvSpec V5 = spec("Pusher-v5");

    /** Arm joints in the observation. */
    private static final int ARM = 7;

    private final boolean v5;
    private final double nearWeight;
    private final double distWeight;
    private final double controlWeight;
    private final int tipsArm;
    private final int object;
    private final int goal;

    private PusherEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            RenderOptions render) {
        super(sim, frameSkip, 2 * ARM + 9, spec, renderMode, render);
        this.v5 = v5;
        this.nearWeight = v5 ? k.getDouble("reward_near_weight", 0.5) : 0.5;
        this.distWeight = v5 ? k.getDouble("reward_dist_weight", 1.0) : 1.0;
        this.controlWeight = v5 ? k.getDouble("reward_control_weight", 0.1) : 0.1;
        this.tipsArm = body(sim, spec, "tips_arm");
        this.object = body(sim, spec, "object");
        this.goal = body(sim, spec, "goal");
        if (sim.nq() < ARM + 4 || sim.nv() < ARM + 4) {
            throw EnvException.invalidArgument(
                    spec.id() + ": the model needs 7 arm joints and 4 slides (nq, nv >= 11)");
        }
    }

    private static int body(MjSim sim, EnvSpec spec, String name) {
        int id = sim.id(MjSim.ObjType.BODY, name);
        if (id < 0) {
            throw EnvException.invalidArgument(spec.id() + ": the model has no body " + name);
        }
        return id;
    }

    /** The env as the registry makes it. */
    public static PusherEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml = v5 ? k.getString("xml_file", "pusher_v5.xml") : "pusher.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            PusherEnv env = new PusherEnv(sim, frameSkip, spec, renderMode, v5, k, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(-1).distance(4.0);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = initQpos();
        double x;
        double y;
        do {
            x = random().uniform(-0.3, 0.0, 1)[0];
            y = random().uniform(-0.2, 0.2, 1)[0];
        } while (!(NumpyOps.norm(x, y) > 0.17));
        int n = qpos.length;
        qpos[n - 4] = x;
        qpos[n - 3] = y;
        qpos[n - 2] = 0.0;
        qpos[n - 1] = 0.0;
        double[] qvel = plusUniformNoise(initQvel(), 0.005);
        for (int i = qvel.length - 4; i < qvel.length; i++) {
            qvel[i] = 0.0;
        }
        sim().setState(qpos, qvel);
        return observation();
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        if (!v5) {
            double near = -distance(object, tipsArm);
            double dist = -distance(object, goal);
            float control = -NumpyOps.sumOfSquares(action);
            double reward = (dist + (float) 0.1 * control) + 0.5 * near;
            doSimulation(ctrl);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("reward_dist", dist);
            info.put("reward_ctrl", (double) control);
            return new Step<>(observation(), reward, false, false, info);
        }
        doSimulation(ctrl);
        Tensor obs = observation();
        double near = -distance(object, tipsArm) * nearWeight;
        double dist = -distance(object, goal) * distWeight;
        double control = -NumpyOps.sumOfSquares(action) * (float) controlWeight;
        double reward = (dist + control) + near;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("reward_dist", dist);
        info.put("reward_ctrl", control);
        info.put("reward_near", near);
        return new Step<>(obs, reward, false, false, info);
    }

    /** {@code np.linalg.norm(xpos[a] - xpos[b])}. */
    private double distance(int a, int b) {
        MjSim.MjArray xpos = sim().dataField("xpos");
        return NumpyOps.norm(
                xpos.get(a, 0) - xpos.get(b, 0),
                xpos.get(a, 1) - xpos.get(b, 1),
                xpos.get(a, 2) - xpos.get(b, 2));
    }

    /** qpos[:7], qvel[:7], and the fingertip's, object's and goal's xpos. */
    private Tensor observation() {
        double[] obs = new double[2 * ARM + 9];
        System.arraycopy(sim().qpos(), 0, obs, 0, ARM);
        System.arraycopy(sim().qvel(), 0, obs, ARM, ARM);
        MjSim.MjArray xpos = sim().dataField("xpos");
        int at = 2 * ARM;
        for (int b : new int[] {tipsArm, object, goal}) {
            for (int j = 0; j < 3; j++) {
                obs[at++] = xpos.get(b, j);
            }
        }
        return Tensor.of(obs);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(100), OptionalDouble.of(0.0), false);
    }
}
