package io.gymbridge.envs.mujoco;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the MuJoCo envs, as Gymnasium's {@code MujocoEnv}: a model with its simulation,
 * {@code frame_skip} MuJoCo steps per env step, the initial qpos and qvel, and the action space
 * from the actuators' control ranges (float32). Observations are float64 tensors.
 *
 * <p>{@code reset} calls {@code mj_resetData}, then the env's {@link #resetModel} (seeded noise
 * from {@link #random()}, NumPy-exact, then {@link MjSim#setState}); {@code step} checks the
 * action, writes it to ctrl as Gymnasium does (unclipped: MuJoCo clamps limited controls), runs
 * {@link MjSim#step} and the env's {@link #stepModel}. A MuJoCo error is INTERNAL, and the env then
 * needs a reset; MuJoCo's warnings come back in the step's info as {@code mujoco_warning}.
 *
 * <p>Rendering (render_mode "rgb_array", else refused at make): {@code render} gives a uint8 frame
 * [height, width, 3] of the {@link RenderOptions}' size, from the free camera placed as Gymnasium
 * places it and then set by {@link #defaultCameraConfig}, or from the model camera named by {@code
 * camera_id} or {@code camera_name} (checked at make). The renderer (an OSMesa context on a thread
 * of its own: see {@link MujocoRenderer}) starts with the first frame and ends with {@link #close}.
 * Metadata: render_modes ["rgb_array"] and render_fps {@code round(1 / dt)}, as Gymnasium's.
 */
public abstract class MujocoEnv extends AbstractEnv<Tensor, Tensor> {
    private final MjSim sim;
    private final int frameSkip;
    private final double[] initQpos;
    private final double[] initQvel;
    private final double dt;
    private final RenderOptions renderOptions;
    private final int cameraId;
    private final Map<String, Object> metadata;
    private boolean needsReset = true;
    private MujocoRenderer renderer;

    /**
     * An env over a loaded simulation, rendering with the default {@link RenderOptions}.
     *
     * @param sim the model and its data; the env closes it
     * @param frameSkip MuJoCo steps per env step
     * @param observationSize the length of the float64 observation
     * @param renderMode null or "rgb_array"
     */
    protected MujocoEnv(
            MjSim sim, int frameSkip, int observationSize, EnvSpec spec, String renderMode) {
        this(sim, frameSkip, observationSize, spec, renderMode, RenderOptions.DEFAULT);
    }

    /**
     * An env over a loaded simulation.
     *
     * @param sim the model and its data; the env closes it (also if this constructor fails)
     * @param frameSkip MuJoCo steps per env step
     * @param observationSize the length of the float64 observation
     * @param renderMode null or "rgb_array"
     * @param renderOptions the frame size and camera, as read from the kwargs
     * @throws EnvException INVALID_ARGUMENT for another render mode, a frame_skip below 1 or a
     *     camera the model does not have
     */
    protected MujocoEnv(
            MjSim sim,
            int frameSkip,
            int observationSize,
            EnvSpec spec,
            String renderMode,
            RenderOptions renderOptions) {
        super(
                Box.of(
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        DType.FLOAT64,
                        observationSize),
                actionSpace(sim),
                spec,
                renderMode);
        if (renderMode != null && !"rgb_array".equals(renderMode)) {
            sim.close();
            throw EnvException.invalidArgument(
                    spec.id() + " render_mode must be \"rgb_array\" or absent, got " + renderMode);
        }
        if (frameSkip < 1) {
            sim.close();
            throw EnvException.invalidArgument(
                    spec.id() + ": frame_skip must be >= 1, got " + frameSkip);
        }
        try {
            this.cameraId = renderOptions.resolveCamera(spec.id(), sim);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        this.sim = sim;
        this.frameSkip = frameSkip;
        this.initQpos = sim.qpos();
        this.initQvel = sim.qvel();
        this.dt = sim.timestep() * frameSkip;
        this.renderOptions = renderOptions;
        this.metadata =
                Map.of(
                        "render_modes",
                        List.of("rgb_array"),
                        "render_fps",
                        (int) Math.round(1.0 / (sim.timestep() * frameSkip)));
    }

    /** Gymnasium's {@code _set_action_space}: the control ranges as a float32 Box. */
    private static Box actionSpace(MjSim sim) {
        MjSim.MjArray range = sim.modelField("actuator_ctrlrange");
        int nu = sim.nu();
        double[] low = new double[nu];
        double[] high = new double[nu];
        for (int i = 0; i < nu; i++) {
            low[i] = (float) range.get(i, 0);
            high[i] = (float) range.get(i, 1);
        }
        return Box.of(low, high, DType.FLOAT32);
    }

    /** The simulation (for the envs' observations and tests). */
    public MjSim sim() {
        return sim;
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The frame size and camera for {@link #render}. */
    public RenderOptions renderOptions() {
        return renderOptions;
    }

    /**
     * The env's default free camera, Gymnasium's {@code DEFAULT_CAMERA_CONFIG}: what to change of
     * the camera the renderer places (see {@link CameraConfig}). None unless the env overrides
     * this; called once, when the first frame is rendered.
     */
    protected CameraConfig defaultCameraConfig() {
        return CameraConfig.NONE;
    }

    /** MuJoCo steps per env step. */
    public int frameSkip() {
        return frameSkip;
    }

    /** Seconds of simulated time per env step: {@code timestep * frame_skip}. */
    public double dt() {
        return dt;
    }

    /** The model's initial qpos (a copy). */
    protected double[] initQpos() {
        return initQpos.clone();
    }

    /** The model's initial qvel (a copy). */
    protected double[] initQvel() {
        return initQvel.clone();
    }

    /** {@code init + uniform(-scale, scale, size=init.length)}, drawn from the env's generator. */
    protected double[] plusUniformNoise(double[] init, double scale) {
        double[] noise = random().uniform(-scale, scale, init.length);
        double[] out = new double[init.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = init[i] + noise[i];
        }
        return out;
    }

    @Override
    public final Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        sim.resetData();
        Tensor obs = resetModel();
        needsReset = false;
        return new Reset<>(obs, resetInfo());
    }

    @Override
    public final Step<Tensor> step(Tensor action) {
        if (needsReset) {
            throw EnvException.failedPrecondition(
                    spec().id() + ": step before reset (or after a MuJoCo error): call reset");
        }
        Tensor a = checkAction(action);
        float[] f = a.toFloatArray();
        double[] ctrl = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            ctrl[i] = f[i];
        }
        Step<Tensor> s;
        try {
            s = stepModel(f, ctrl);
        } catch (EnvException e) {
            needsReset = true;
            throw e;
        }
        String warning = sim.takeWarnings();
        if (warning.isEmpty()) {
            return s;
        }
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put("mujoco_warning", warning);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** Gymnasium's {@code do_simulation}: ctrl, then frame_skip MuJoCo steps. */
    protected void doSimulation(double[] ctrl) {
        sim.step(ctrl, frameSkip);
    }

    /**
     * The env's reset after {@code mj_resetData}: seeded noise, {@link MjSim#setState}, and the
     * observation.
     */
    protected abstract Tensor resetModel();

    /** What reset returns as info; empty unless the env says otherwise. */
    protected Map<String, Object> resetInfo() {
        return Map.of();
    }

    /**
     * One env step for a valid action: {@code doSimulation(ctrl)} and what follows.
     *
     * @param action the action as float32 values (for control costs)
     * @param ctrl the same values widened to float64
     */
    protected abstract Step<Tensor> stepModel(float[] action, double[] ctrl);

    /** {@code qpos} (without the first {@code skip} entries) then {@code qvel}, as float64. */
    protected Tensor positionsAndVelocities(int skip) {
        double[] qpos = sim.qpos();
        double[] qvel = sim.qvel();
        double[] obs = new double[qpos.length - skip + qvel.length];
        System.arraycopy(qpos, skip, obs, 0, qpos.length - skip);
        System.arraycopy(qvel, 0, obs, qpos.length - skip, qvel.length);
        return Tensor.of(obs);
    }

    /**
     * The current state as a uint8 frame [height, width, 3], as Gymnasium's {@code render()} in
     * rgb_array mode.
     *
     * @throws EnvException FAILED_PRECONDITION if the env was not made with render_mode
     *     "rgb_array", before the first reset (or after a MuJoCo error), or if offscreen rendering
     *     is not available here (naming what to install); INTERNAL if MuJoCo fails to render
     */
    @Override
    public Tensor render() {
        requireRgbArray();
        if (needsReset) {
            throw EnvException.failedPrecondition(
                    spec().id() + ": render before reset (or after a MuJoCo error): call reset");
        }
        if (renderer == null) {
            renderer =
                    MujocoRenderer.open(
                            sim,
                            renderOptions.width(),
                            renderOptions.height(),
                            cameraId,
                            defaultCameraConfig());
        }
        return renderer.render();
    }

    @Override
    public void close() {
        if (renderer != null) {
            renderer.close();
            renderer = null;
        }
        sim.close();
    }
}
