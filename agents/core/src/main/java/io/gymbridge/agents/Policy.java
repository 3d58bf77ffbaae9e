package io.gymbridge.agents;

/**
 * A trained policy that acts on single observations: what {@code test-policy} runs.
 *
 * <p>Observations and actions are the Env API's values (see {@link io.gymbridge.env.spaces.Space}):
 * for CartPole-v1 a float32 {@link io.gymbridge.env.Tensor} in, an {@link Integer} out.
 */
public interface Policy extends AutoCloseable {

    /**
     * The action for {@code observation}.
     *
     * @param deterministic the mode of the action distribution (its mean, or its most likely
     *     action) instead of a sample
     */
    Object act(Object observation, boolean deterministic);

    @Override
    void close();
}
