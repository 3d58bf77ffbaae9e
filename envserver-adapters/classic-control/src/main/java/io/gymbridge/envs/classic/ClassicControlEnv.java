package io.gymbridge.envs.classic;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the five classic-control envs share: a float64 state vector ({@code env.unwrapped.state} in
 * Gymnasium) that tests and tools can read and set, float32 observations, the metadata, and
 * rendering to an rgb_array frame.
 *
 * @param <A> the action type
 */
abstract class ClassicControlEnv<A> extends AbstractEnv<Tensor, A> {
    private final int stateSize;
    private final int screenWidth;
    private final int screenHeight;
    private final Map<String, Object> metadata;
    private double[] state;

    /**
     * Sets the fixed parts.
     *
     * @param stateSize the length of the state vector
     * @param renderFps Gymnasium's {@code metadata["render_fps"]}
     * @param screenWidth width of a rendered frame in pixels
     * @param screenHeight height of a rendered frame in pixels
     * @throws EnvException INVALID_ARGUMENT if {@code renderMode} is neither null nor "rgb_array"
     */
    ClassicControlEnv(
            Box observationSpace,
            Space<A> actionSpace,
            EnvSpec spec,
            String renderMode,
            int stateSize,
            int renderFps,
            int screenWidth,
            int screenHeight) {
        super(observationSpace, actionSpace, spec, renderMode);
        if (renderMode != null && !"rgb_array".equals(renderMode)) {
            throw EnvException.invalidArgument(
                    spec.id() + " render_mode must be \"rgb_array\" or absent, got " + renderMode);
        }
        this.stateSize = stateSize;
        this.screenWidth = screenWidth;
        this.screenHeight = screenHeight;
        this.metadata = Map.of("render_modes", List.of("rgb_array"), "render_fps", renderFps);
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * The physical state, as Gymnasium's {@code env.unwrapped.state}; for tests and tools.
     *
     * @return a copy of the state, or null before the first reset
     */
    public double[] state() {
        return state == null ? null : state.clone();
    }

    /**
     * Puts the env in {@code newState}, as assigning {@code env.unwrapped.state} does in Gymnasium;
     * for tests and tools (teacher-forced comparisons, replays from a saved state). The next step
     * starts from there; values are taken as given, without bounds checks.
     *
     * @param newState the state, of the length {@link #state()} returns
     * @throws IllegalArgumentException if the length is wrong
     */
    public void setState(double[] newState) {
        if (newState.length != stateSize) {
            throw new IllegalArgumentException(
                    spec().id()
                            + " state has "
                            + stateSize
                            + " elements, got "
                            + Arrays.toString(newState));
        }
        state = newState.clone();
        stateWasSet();
    }

    /**
     * Checks the action and applies it. The check comes first, here where the action type is still
     * a type variable, so that an action of the wrong Java type fails with INVALID_ARGUMENT (rather
     * than a ClassCastException in a subclass's bridge method), and an integer of another width
     * reaches a Discrete env as an {@code Integer}.
     *
     * @throws EnvException INVALID_ARGUMENT for an action outside the action space (Box actions out
     *     of bounds are accepted and clipped by the env), FAILED_PRECONDITION before the first
     *     reset
     */
    @Override
    public final Step<Tensor> step(A action) {
        return stepValid(checkAction(action));
    }

    /** One step with an action that passed the action space's check. */
    abstract Step<Tensor> stepValid(A action);

    /** Called after {@link #setState}, for envs that keep more than the state vector. */
    void stateWasSet() {}

    /**
     * The current state, for {@code step}; not a copy.
     *
     * @throws EnvException FAILED_PRECONDITION before the first reset
     */
    final double[] currentState() {
        if (state == null) {
            throw EnvException.failedPrecondition(
                    spec().id() + ": call reset before step or render");
        }
        return state;
    }

    /** Replaces the state with {@code newState}, which the env owns from now on. */
    final void putState(double[] newState) {
        state = newState;
    }

    /**
     * Renders the current state to a uint8 frame [height, width, 3], drawn as Gymnasium's pygame
     * code draws it (without antialiasing).
     *
     * @throws EnvException FAILED_PRECONDITION if the env was not made with render_mode
     *     "rgb_array", or before the first reset
     */
    @Override
    public Tensor render() {
        requireRgbArray();
        Canvas canvas = new Canvas(screenWidth, screenHeight);
        draw(canvas, currentState());
        return canvas.toTensor();
    }

    /** Draws {@code s} on a white canvas whose y axis points up, as pygame's before its flip. */
    abstract void draw(Canvas canvas, double[] s);

    /** A float32 observation of the given values. */
    static Tensor observation(float... values) {
        return Tensor.wrap(DType.FLOAT32, new int[] {values.length}, values);
    }

    /** The float32 rounding of each value, for the bounds of float32 Boxes. */
    static double[] float32(double... values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
