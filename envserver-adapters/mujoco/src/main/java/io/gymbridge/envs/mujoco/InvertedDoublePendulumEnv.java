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
 * InvertedDoublePendulum-v4 and -v5, as Gymnasium 1.4.0's {@code inverted_double_pendulum_v4.py}
 * and {@code _v5.py}.
 *
 * <h2>Description</h2>
 *
 * A cart on a rail carries a pole, and a second pole is hinged on top of the first; pushing the
 * cart left and right keeps the two balanced upright, the tip of the second as high as it can be.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [1] in [-1, 1]: the force on the cart.
 *
 * <h2>Observation Space</h2>
 *
 * A float64 tensor [9]: the cart's position, the sines of the two hinge angles, their cosines, the
 * three velocities (qvel) clipped to [-10, 10], and the cart's constraint force ({@code
 * qfrc_constraint[0]}) clipped likewise. v4: [11], the constraint forces of all three degrees of
 * freedom. Sines and cosines are the C library's, as NumPy's.
 *
 * <h2>Rewards</h2>
 *
 * {@code alive - distance_penalty - velocity_penalty}, with {@code (x, y)} the x and z of the tip
 * (the model's first site) and {@code (v1, v2)} the hinges' angular velocities: {@code
 * distance_penalty = 0.01 x^2 + (y - 2)^2}, {@code velocity_penalty = 0.001 v1^2 + 0.005 v2^2};
 * {@code alive} is {@code healthy_reward} (10) unless the step terminates (v4: 10 on every step).
 *
 * <h2>Starting State</h2>
 *
 * qpos: the model's initial one (all zero) plus uniform noise in [-0.1, 0.1]; qvel: plus 0.1 times
 * standard normal noise ({@code reset_noise_scale}, v5), NumPy's ziggurat from the env's generator.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when the tip is at a height of 1 or less; truncated after 1000 steps by the TimeLimit.
 * Reward threshold 9100.
 *
 * <h2>Arguments</h2>
 *
 * v5: {@code xml_file} ("inverted_double_pendulum.xml"), {@code frame_skip} (5), {@code
 * healthy_reward} (10.0), {@code reset_noise_scale} (0.1). Both: {@code width}, {@code height},
 * {@code camera_id}, {@code camera_name}.
 *
 * <h2>Version History</h2>
 *
 * v5: no alive reward on the terminating step; only the cart's constraint force in the observation
 * (the hinges' are always 0); info {@code reward_survive}, {@code distance_penalty}, {@code
 * velocity_penalty} (v4: empty); the kwargs above. v4: MuJoCo bindings instead of mujoco-py.
 */
public final class InvertedDoublePendulumEnv extends MujocoEnv {
    /** Gymnasium's registrations. */
    public static final EnvSpec V4 = spec("InvertedDoublePendulum-v4");

    public static final EnvSpec V5 = spec("InvertedDoublePendulum-v5");

    private final boolean v5;
    private final double healthyReward;
    private final double resetNoiseScale;
    private final MjSim.MjArray siteXpos;
    private final MjSim.MjArray qfrcConstraint;

    private InvertedDoublePendulumEnv(
            MjSim sim,
            int frameSkip,
            EnvSpec spec,
            String renderMode,
            boolean v5,
            Kwargs k,
            RenderOptions render) {
        super(sim, frameSkip, observationSize(sim, v5), spec, renderMode, render);
        this.v5 = v5;
        this.healthyReward = v5 ? k.getDouble("healthy_reward", 10.0) : 10;
        this.resetNoiseScale = v5 ? k.getDouble("reset_noise_scale", 0.1) : 0.1;
        this.siteXpos = sim.dataField("site_xpos");
        this.qfrcConstraint = sim.dataField("qfrc_constraint");
        if (sim.nq() < 1 || sim.nv() < 3 || sim.modelInt("nsite") < 1) {
            throw EnvException.invalidArgument(
                    spec.id() + ": the model needs nq >= 1, nv >= 3 and a site (the tip)");
        }
    }

    private static int observationSize(MjSim sim, boolean v5) {
        return 1 + 2 * (sim.nq() - 1) + sim.nv() + (v5 ? 1 : sim.nv());
    }

    /** The env as the registry makes it. */
    public static InvertedDoublePendulumEnv create(
            EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        boolean v5 = spec.id().endsWith("-v5");
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String xml =
                v5
                        ? k.getString("xml_file", "inverted_double_pendulum.xml")
                        : "inverted_double_pendulum.xml";
        int frameSkip = v5 ? (int) k.getLong("frame_skip", 5) : 5;
        RenderOptions render = RenderOptions.read(spec.id(), k);
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), xml));
        try {
            InvertedDoublePendulumEnv env =
                    new InvertedDoublePendulumEnv(sim, frameSkip, spec, renderMode, v5, k, render);
            k.requireAllUsed();
            return env;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE.trackBodyId(0).distance(4.1225).lookat(0, 0, 0.12250000000000005);
    }

    @Override
    protected Tensor resetModel() {
        double[] qpos = plusUniformNoise(initQpos(), resetNoiseScale);
        double[] qvel = initQvel();
        double[] normal = random().standardNormal(qvel.length);
        for (int i = 0; i < qvel.length; i++) {
            qvel[i] += normal[i] * resetNoiseScale;
        }
        sim().setState(qpos, qvel);
        return observation();
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        doSimulation(ctrl);
        double x = siteXpos.get(0, 0);
        double y = siteXpos.get(0, 2);
        Tensor obs = observation();
        boolean terminated = y <= 1;
        double[] qvel = sim().qvel();
        double v1 = qvel[1];
        double v2 = qvel[2];
        double distancePenalty = 0.01 * NumpyOps.squared(x) + NumpyOps.squared(y - 2);
        double velocityPenalty = 1e-3 * NumpyOps.squared(v1) + 5e-3 * NumpyOps.squared(v2);
        double alive = v5 ? healthyReward * (terminated ? 0 : 1) : 10;
        double reward = alive - distancePenalty - velocityPenalty;
        if (!v5) {
            return new Step<>(obs, reward, terminated, false, Map.of());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("reward_survive", alive);
        info.put("distance_penalty", -distancePenalty);
        info.put("velocity_penalty", -velocityPenalty);
        return new Step<>(obs, reward, terminated, false, info);
    }

    /**
     * qpos[0], sin and cos of qpos[1:], qvel clipped to [-10, 10], then qfrc_constraint clipped
     * likewise (v5: its first entry only).
     */
    private Tensor observation() {
        double[] qpos = sim().qpos();
        double[] qvel = sim().qvel();
        double[] constraint = qfrcConstraint.toDoubles();
        double[] obs = new double[observationSize(sim(), v5)];
        int j = 0;
        obs[j++] = qpos[0];
        for (int i = 1; i < qpos.length; i++) {
            obs[j++] = NumpyOps.sin(qpos[i]);
        }
        for (int i = 1; i < qpos.length; i++) {
            obs[j++] = NumpyOps.cos(qpos[i]);
        }
        for (double v : qvel) {
            obs[j++] = clip10(v);
        }
        for (int i = 0; i < (v5 ? 1 : constraint.length); i++) {
            obs[j++] = clip10(constraint[i]);
        }
        return Tensor.of(obs);
    }

    private static double clip10(double v) {
        return Math.min(Math.max(v, -10), 10);
    }

    private static EnvSpec spec(String id) {
        return new EnvSpec(id, OptionalInt.of(1000), OptionalDouble.of(9100.0), false);
    }
}
