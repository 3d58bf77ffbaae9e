package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.Step;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Applies a function to every reward, as {@code gymnasium.wrappers.TransformReward}; observations,
 * flags and infos pass through.
 *
 * <pre>{@code
 * Env<Tensor, Integer> scaled = new TransformReward<>(env, r -> 0.01 * r);
 * }</pre>
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class TransformReward<O, A> extends Wrapper<O, A> {
    private final DoubleUnaryOperator function;

    /** Transforms the rewards of {@code env} with {@code function}. */
    public TransformReward(Env<O, A> env, DoubleUnaryOperator function) {
        super(env);
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(
                s.observation(),
                function.applyAsDouble(s.reward()),
                s.terminated(),
                s.truncated(),
                s.info());
    }
}
