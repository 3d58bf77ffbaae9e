package io.gymbridge.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Env#step} returns, with Gymnasium 1.x semantics.
 *
 * <p>{@code terminated} means the episode reached a terminal state of the MDP: the value of what
 * follows is 0 and learning code must not bootstrap. {@code truncated} means the episode was cut
 * short (a time limit, say) in a state that has a future: learning code bootstraps from it. Both
 * can be true at once; after either, the env needs a reset.
 *
 * @param observation an element of the observation space
 * @param reward the reward of the transition
 * @param terminated whether a terminal state was reached
 * @param truncated whether the episode was cut short outside the MDP
 * @param info auxiliary diagnostics; never null, often empty
 * @param <O> the observation type
 */
public record Step<O>(
        O observation,
        double reward,
        boolean terminated,
        boolean truncated,
        Map<String, Object> info) {

    /**
     * Copies the info map into an unmodifiable one that keeps its order (as a Python dict does;
     * null values allowed, as Python's None).
     */
    public Step {
        info =
                info == null || info.isEmpty()
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** True if the episode ended, by termination or truncation. */
    public boolean done() {
        return terminated || truncated;
    }
}
