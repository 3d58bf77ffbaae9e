package io.gymbridge.env;

import io.gymbridge.env.random.NumpyRandom;
import io.gymbridge.env.spaces.Space;

/**
 * A base class for envs written in Java, playing the part of {@code gymnasium.Env}: it holds the
 * spaces, the spec, the render mode and the env's random generator, seeded exactly as Gymnasium
 * seeds {@code np_random}.
 *
 * <p>An env's {@code reset} starts with {@link #seed(Long)}, as Gymnasium envs start with {@code
 * super().reset(seed=seed)}, and then draws its initial state from {@link #random()}.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public abstract class AbstractEnv<O, A> implements Env<O, A> {
    private final Space<O> observationSpace;
    private final Space<A> actionSpace;
    private final EnvSpec spec;
    private final String renderMode;
    private NumpyRandom random;

    /**
     * Sets the env's fixed parts.
     *
     * @param observationSpace the observation space
     * @param actionSpace the action space
     * @param spec the registration data
     * @param renderMode null or "rgb_array"
     */
    protected AbstractEnv(
            Space<O> observationSpace, Space<A> actionSpace, EnvSpec spec, String renderMode) {
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.spec = spec;
        this.renderMode = renderMode;
    }

    @Override
    public Space<O> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<A> actionSpace() {
        return actionSpace;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    /** The render mode the env was made with, or null. */
    public String renderMode() {
        return renderMode;
    }

    /**
     * Reseeds the generator if {@code seed} is not null ({@code np_random(seed)}); otherwise seeds
     * it from entropy if it was never seeded, and leaves it alone if it was.
     *
     * @throws EnvException INVALID_ARGUMENT for a negative seed, as Gymnasium rejects it
     */
    protected void seed(Long seed) {
        if (seed != null) {
            if (seed < 0) {
                throw EnvException.invalidArgument(
                        "seed must be a non-negative integer, got " + seed);
            }
            random = NumpyRandom.fromSeed(seed);
        } else if (random == null) {
            random = NumpyRandom.fromEntropy();
        }
    }

    /** The env's generator ({@code self.np_random}); seeded from entropy if never seeded. */
    protected NumpyRandom random() {
        if (random == null) {
            random = NumpyRandom.fromEntropy();
        }
        return random;
    }

    /**
     * Checks an action as the server checks it and returns it typed.
     *
     * @throws EnvException INVALID_ARGUMENT naming the action space, if the action is not valid
     */
    protected A checkAction(Object action) {
        actionSpace
                .actionMismatch(action)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument(
                                    "invalid action for " + spec.id() + ": " + why);
                        });
        return actionSpace.cast(action);
    }

    /**
     * Fails unless the env was made with render_mode "rgb_array".
     *
     * @throws EnvException FAILED_PRECONDITION otherwise
     */
    protected void requireRgbArray() {
        if (!"rgb_array".equals(renderMode)) {
            throw EnvException.failedPrecondition(
                    spec.id()
                            + " was made with render_mode "
                            + renderMode
                            + "; render needs \"rgb_array\"");
        }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + spec.id() + ">";
    }
}
