package io.gymbridge.env.spaces;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * An ordered dictionary of named subspaces, as {@code gymnasium.spaces.Dict}. Values are {@code
 * Map<String, Object>} with exactly the space's keys.
 *
 * @param spaces the subspaces by key, in the space's order: a LinkedHashMap's or SortedMap's own
 *     order, otherwise sorted by key
 */
public record DictSpace(Map<String, Space<?>> spaces) implements Space<Map<String, Object>> {

    /** Copies the map, keeping its order. */
    public DictSpace {
        if (spaces.isEmpty()) {
            throw new IllegalArgumentException("Dict space needs at least one key");
        }
        // An ordered map keeps its order; any other map is sorted by key, as Gymnasium sorts the
        // keys of a plain dict, so that the order never depends on hashing.
        boolean ordered = spaces instanceof LinkedHashMap || spaces instanceof SortedMap;
        spaces =
                Collections.unmodifiableMap(
                        ordered
                                ? new LinkedHashMap<>(spaces)
                                : new LinkedHashMap<>(new TreeMap<>(spaces)));
    }

    @Override
    public Optional<String> mismatch(Object value) {
        return check(value, false);
    }

    @Override
    public Optional<String> actionMismatch(Object value) {
        return check(value, true);
    }

    private Optional<String> check(Object value, boolean asAction) {
        if (!(value instanceof Map<?, ?> map)) {
            return Optional.of("expected a map in " + this + ", got " + Spaces.describe(value));
        }
        if (!map.keySet().equals(spaces.keySet())) {
            return Optional.of(
                    "expected keys " + spaces.keySet() + " in Dict space, got " + map.keySet());
        }
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            Object v = map.get(e.getKey());
            Optional<String> why =
                    asAction ? e.getValue().actionMismatch(v) : e.getValue().mismatch(v);
            if (why.isPresent()) {
                return Optional.of("['" + e.getKey() + "']: " + why.get());
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Object> cast(Object value) {
        Map<?, ?> map = (Map<?, ?>) value;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            out.put(e.getKey(), e.getValue().cast(map.get(e.getKey())));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Map<String, Object> sample(RandomGenerator rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        spaces.forEach((k, s) -> out.put(k, s.sample(rng)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public int[] shape() {
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dict(");
        boolean first = true;
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            sb.append(first ? "" : ", ")
                    .append('\'')
                    .append(e.getKey())
                    .append("': ")
                    .append(e.getValue());
            first = false;
        }
        return sb.append(')').toString();
    }
}
