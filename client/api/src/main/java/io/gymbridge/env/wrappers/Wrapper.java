package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import java.util.Map;

/**
 * An env that delegates to another and changes part of its behaviour, as {@code gymnasium.Wrapper}.
 * Subclasses override what they change; everything else passes through.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public abstract class Wrapper<O, A> implements Env<O, A> {
    /** The wrapped env. */
    protected final Env<O, A> env;

    /** Wraps {@code env}. */
    protected Wrapper(Env<O, A> env) {
        this.env = java.util.Objects.requireNonNull(env, "env");
    }

    /** The wrapped env. */
    public Env<O, A> inner() {
        return env;
    }

    @Override
    public Space<O> observationSpace() {
        return env.observationSpace();
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
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        return env.step(action);
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
