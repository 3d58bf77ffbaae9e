package io.gymbridge.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Env#reset} returns: the first observation of an episode and an info map.
 *
 * @param observation an element of the observation space
 * @param info auxiliary diagnostics; never null, often empty
 * @param <O> the observation type
 */
public record Reset<O>(O observation, Map<String, Object> info) {
    /**
     * Copies the info map into an unmodifiable one that keeps its order (as a Python dict does;
     * null values allowed, as Python's None).
     */
    public Reset {
        info =
                info == null || info.isEmpty()
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }
}
