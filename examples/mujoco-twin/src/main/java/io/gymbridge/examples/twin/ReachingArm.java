package io.gymbridge.examples.twin;

import io.gymbridge.env.DType;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.envs.mujoco.MjSim;
import io.gymbridge.envs.mujoco.MjcfEnv;
import java.nio.file.Path;

/**
 * A MuJoCo model of your own as a gymbridge env: a two-link arm ({@code models/arm.xml}) whose
 * reward is the negative distance from its fingertip to a target, driven by a hand-written
 * proportional controller in joint space. The same model, served by {@code ./gymbridge serve
 * --mujoco-models examples/mujoco-twin/models}, is {@code grpc://HOST:PORT/MJCF-v0?model=arm.xml}
 * to any client.
 *
 * <pre>
 * mvn -q -pl examples/mujoco-twin exec:java -Dexec.args="examples/mujoco-twin/models/arm.xml 300"
 * </pre>
 */
public final class ReachingArm {
    private ReachingArm() {}

    /** The reward: minus the distance from the fingertip to the target. */
    static double reward(MjSim sim) {
        MjSim.MjArray sites = sim.dataField("site_xpos");
        double[] tip = sites.row(sim.id(MjSim.ObjType.SITE, "fingertip"));
        double[] target = sites.row(sim.id(MjSim.ObjType.SITE, "target"));
        double dx = tip[0] - target[0];
        double dy = tip[1] - target[1];
        return -Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * Runs {@code steps} steps of the controller and returns the last reward.
     *
     * @param model the MJCF file
     */
    public static double run(Path model, int steps) {
        try (MjcfEnv env = MjcfEnv.open(model, 2, false, (sim, action) -> reward(sim))) {
            env.reset(0L, java.util.Map.of());
            // joint angles that put the fingertip on the target (inverse kinematics of 0.3 + 0.25)
            double[] goal = reach(0.2, 0.3, 0.3, 0.25);
            double last = 0;
            for (int t = 0; t < steps; t++) {
                double[] q = env.sim().qpos();
                double[] v = env.sim().qvel();
                float[] u = new float[2];
                for (int j = 0; j < 2; j++) {
                    u[j] = (float) Math.max(-1, Math.min(1, 2 * (goal[j] - q[j]) - 0.3 * v[j]));
                }
                Step<Tensor> s = env.step(Tensor.of(DType.FLOAT32, new int[] {2}, u));
                last = s.reward();
                if (t % 50 == 0) {
                    System.out.printf("step %3d  distance to target %.4f m%n", t, -last);
                }
            }
            return last;
        }
    }

    /** Shoulder and elbow angles of a two-link arm (lengths a, b) with its tip at (x, y). */
    static double[] reach(double x, double y, double a, double b) {
        double c = (x * x + y * y - a * a - b * b) / (2 * a * b);
        double elbow = Math.acos(Math.max(-1, Math.min(1, c)));
        double shoulder =
                Math.atan2(y, x) - Math.atan2(b * Math.sin(elbow), a + b * Math.cos(elbow));
        return new double[] {shoulder, elbow};
    }

    public static void main(String[] args) {
        Path model = Path.of(args.length > 0 ? args[0] : "examples/mujoco-twin/models/arm.xml");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        double last = run(model, steps);
        System.out.printf("final distance to target: %.4f m%n", -last);
    }
}
