package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import java.util.Map;
import java.util.Objects;

/**
 * A wrapper that transforms every observation, from {@link #reset} and from {@link #step}, as
 * {@code gymnasium.ObservationWrapper}. Unlike {@link Wrapper} it may change the observation type:
 * it is an {@code Env<WO, A>} over an {@code Env<O, A>}. Everything else (actions, rewards, flags,
 * infos, spec, render, close) passes through.
 *
 * <p>Subclasses implement {@link #observation} and pass the space of its results to the
 * constructor.
 *
 * @param <O> the observation type of the wrapped env
 * @param <WO> the observation type of this wrapper
 * @param <A> the action type
 */
public abstract class ObservationWrapper<O, WO, A> implements Env<WO, A> {
    /** The wrapped env. */
    protected final Env<O, A> env;

    private final Space<WO> observationSpace;

    /**
     * Wraps {@code env}.
     *
     * @param env the env whose observations are transformed
     * @param observationSpace the space of the transformed observations
     */
    protected ObservationWrapper(Env<O, A> env, Space<WO> observationSpace) {
        this.env = Objects.requireNonNull(env, "env");
        this.observationSpace = Objects.requireNonNull(observationSpace, "observationSpace");
    }

    /**
     * Transforms one observation of the wrapped env.
     *
     * @param observation an element of the wrapped env's observation space
     * @return an element of {@link #observationSpace()}
     */
    protected abstract WO observation(O observation);

    /** The wrapped env. */
    public Env<O, A> inner() {
        return env;
    }

    @Override
    public Space<WO> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public EnvSpec spec() {
        return env.spec();
    }

    @Override
    public Map<String, Object> metadata() {
        return env.metadata();
    }

    @Override
    public Reset<WO> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        return new Reset<>(observation(r.observation()), r.info());
    }

    @Override
    public Step<WO> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(
                observation(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    @Override
    public Tensor render() {
        return env.render();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public Env<?, ?> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
