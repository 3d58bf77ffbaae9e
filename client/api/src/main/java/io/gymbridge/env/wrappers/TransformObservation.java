package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.spaces.Space;
import java.util.Objects;
import java.util.function.Function;

/**
 * Applies a function to every observation, from reset and from step, as {@code
 * gymnasium.wrappers.TransformObservation}.
 *
 * <pre>{@code
 * // CartPole's observation scaled by 2, in a space that says so
 * Env<Tensor, Integer> scaled = new TransformObservation<>(env,
 *         obs -> Tensor.of(twice(obs.toFloatArray())), Box.of(-inf, inf, DType.FLOAT32, 4));
 * }</pre>
 *
 * <p>Gymnasium lets the new observation space default to the old one; here it is always given,
 * because the function may change the observation type. The function is not checked against the
 * space: make sure its results are elements of it.
 *
 * @param <O> the observation type of the wrapped env
 * @param <WO> the observation type of this wrapper
 * @param <A> the action type
 */
public final class TransformObservation<O, WO, A> extends ObservationWrapper<O, WO, A> {
    private final Function<? super O, ? extends WO> function;

    /**
     * Transforms the observations of {@code env}.
     *
     * @param env the env to wrap
     * @param function maps an observation of {@code env} to one of {@code observationSpace}
     * @param observationSpace the space of the transformed observations
     */
    public TransformObservation(
            Env<O, A> env, Function<? super O, ? extends WO> function, Space<WO> observationSpace) {
        super(env, observationSpace);
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    protected WO observation(O observation) {
        return function.apply(observation);
    }
}
