package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Any MJCF model as an env: the base of a robot's digital twin.
 *
 * <p>Observation: qpos then qvel (float64), or, with {@code observation="sensors"}, the model's
 * sensor readings ({@code sensordata}). Action: the actuators' controls, a float32 Box from {@code
 * actuator_ctrlrange}. Reward: what the {@link RewardFunction} given in Java says, 0 without one;
 * never terminated (a TimeLimit may truncate). Reset: the model's initial state, plus uniform noise
 * of {@code reset_noise_scale} (0) on qpos and qvel.
 *
 * <p>In-process, {@link #open} takes any path. Through the registry (and so through a server) the
 * id {@value #ID} takes a kwarg {@code model}: the name of a bundled model or of a file in the
 * directory the operator set with {@code -Dgymbridge.mujoco.models}, never a path.
 */
public final class MjcfEnv extends MujocoEnv {
    /** The registry id of the generic env. */
    public static final String ID = "MJCF-v0";

    /** Its registration: no time limit unless the caller gives max_episode_steps. */
    public static final EnvSpec SPEC =
            new EnvSpec(ID, OptionalInt.empty(), OptionalDouble.empty(), false);

    /** A reward (and termination) for the generic env, computed after each step. */
    @FunctionalInterface
    public interface RewardFunction {
        /**
         * The step's reward.
         *
         * @param sim the simulation after the step
         * @param action the action applied
         */
        double reward(MjSim sim, float[] action);
    }

    private final boolean sensors;
    private final double resetNoiseScale;
    private final RewardFunction reward;

    private MjcfEnv(
            MjSim sim,
            int frameSkip,
            boolean sensors,
            double noise,
            RewardFunction reward,
            EnvSpec spec,
            String renderMode,
            RenderOptions render) {
        super(
                sim,
                frameSkip,
                sensors ? sim.modelInt("nsensordata") : sim.nq() + sim.nv(),
                spec,
                renderMode,
                render);
        this.sensors = sensors;
        this.resetNoiseScale = noise;
        this.reward = reward;
    }

    /**
     * Opens a model file in this process.
     *
     * @param frameSkip MuJoCo steps per env step
     * @param sensorObservations observe sensordata instead of qpos and qvel
     * @param reward the reward, or null for 0
     * @throws EnvException INVALID_ARGUMENT if the model does not load (MuJoCo's message)
     */
    public static MjcfEnv open(
            Path model, int frameSkip, boolean sensorObservations, RewardFunction reward) {
        MjSim sim = MjSim.load(model);
        try {
            return new MjcfEnv(
                    sim,
                    frameSkip,
                    sensorObservations,
                    0,
                    reward,
                    SPEC,
                    null,
                    RenderOptions.DEFAULT);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** The env as the registry makes it (kwargs {@code model}, {@code frame_skip}, ...). */
    public static MjcfEnv create(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        Kwargs k = new Kwargs(spec.id(), kwargs);
        String model = k.getString("model", null);
        if (model == null) {
            throw EnvException.invalidArgument(
                    spec.id() + " needs the kwarg model: a model file's name");
        }
        int frameSkip = (int) k.getLong("frame_skip", 1);
        String observation = k.getString("observation", "state");
        double noise = k.getDouble("reset_noise_scale", 0.0);
        RenderOptions render = RenderOptions.read(spec.id(), k);
        k.requireAllUsed();
        if (!observation.equals("state") && !observation.equals("sensors")) {
            throw EnvException.invalidArgument(
                    spec.id() + ": observation must be \"state\" or \"sensors\"");
        }
        MjSim sim = MjSim.load(Assets.resolve(spec.id(), model));
        try {
            return new MjcfEnv(
                    sim,
                    frameSkip,
                    observation.equals("sensors"),
                    noise,
                    null,
                    spec,
                    renderMode,
                    render);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    @Override
    protected Tensor resetModel() {
        sim().setState(
                        plusUniformNoise(initQpos(), resetNoiseScale),
                        plusUniformNoise(initQvel(), resetNoiseScale));
        return observation();
    }

    @Override
    protected Step<Tensor> stepModel(float[] action, double[] ctrl) {
        doSimulation(ctrl);
        double r = reward == null ? 0 : reward.reward(sim(), action);
        return new Step<>(observation(), r, false, false, Map.of());
    }

    private Tensor observation() {
        return sensors
                ? Tensor.of(sim().dataField("sensordata").toDoubles())
                : positionsAndVelocities(0);
    }
}
