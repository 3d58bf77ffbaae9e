package io.gymbridge.agents.distributions;

import ai.djl.ndarray.NDArray;

/**
 * A batch of action distributions over NDArrays, as the {@code torch.distributions} objects of
 * Spinning Up's actors: one distribution per row of a batch of observations.
 *
 * <p>Actions come encoded as the actor-critic encodes them for training: one-hot rows {@code [T,
 * n]} for a {@link Categorical}, rows {@code [T, d]} for a {@link DiagGaussian}. Every method
 * returns one value per row, {@code [T]}, and is differentiable in the distribution's parameters.
 */
public sealed interface Distribution permits Categorical, DiagGaussian {

    /** log pi(a|s) of each row's action. */
    NDArray logProb(NDArray actions);

    /** The entropy of each row's distribution. */
    NDArray entropy();

    /**
     * KL(this || other) of each row, in closed form.
     *
     * @throws IllegalArgumentException if {@code other} is of another kind
     */
    NDArray kl(Distribution other);
}
