package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Map;

/**
 * Fails a step or render before the first reset with FAILED_PRECONDITION, as {@code
 * gymnasium.wrappers.OrderEnforcing} raises {@code ResetNeeded}; fails every call but close after
 * close.
 *
 * <p>Unlike Gymnasium, which only warns, a step after an episode ended (terminated or truncated)
 * also fails with FAILED_PRECONDITION until the next reset: an in-process env then behaves as a
 * remote single env does, where stepping an ended episode is an error of the protocol.
 *
 * <p>It also checks every action against the action space, as the server does, so that a bad action
 * is an INVALID_ARGUMENT naming the space (not a ClassCastException deep in the env). Box actions
 * outside the bounds pass: the envs clip them, as in Gymnasium.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class OrderEnforcing<O, A> extends Wrapper<O, A> {
    private boolean hasReset;
    private boolean episodeEnded;
    private boolean closed;

    /** Enforces reset-before-step on {@code env}. */
    public OrderEnforcing(Env<O, A> env) {
        super(env);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        ensureOpen();
        Reset<O> r = env.reset(seed, options);
        hasReset = true;
        episodeEnded = false;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        ensureOpen();
        if (!hasReset) {
            throw EnvException.failedPrecondition("step before reset: call reset first");
        }
        if (episodeEnded) {
            throw EnvException.failedPrecondition(
                    "step after the episode ended (terminated or truncated): call reset first");
        }
        actionSpace()
                .actionMismatch(action)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument(
                                    "invalid action for " + spec().id() + ": " + why);
                        });
        Step<O> s = env.step(action);
        episodeEnded = s.done();
        return s;
    }

    @Override
    public Tensor render() {
        ensureOpen();
        if (!hasReset) {
            throw EnvException.failedPrecondition("render before reset: call reset first");
        }
        return env.render();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            env.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw EnvException.failedPrecondition(spec().id() + " is closed");
        }
    }
}
