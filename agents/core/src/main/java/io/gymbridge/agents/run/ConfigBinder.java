package io.gymbridge.agents.run;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.config.Hyperparameters;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Types hyperparameters onto an algorithm's config record, as Spinning Up hands kwargs to the
 * algorithm function: keys are the record components in snake_case ({@code stepsPerEpoch} is {@code
 * steps_per_epoch}), nested records are dicts ({@code ac_kwargs:hidden_sizes}).
 *
 * <p>Values not given keep the algorithm's defaults; a dict value (or {@code key:subkey} values)
 * updates the nested record's defaults instead of replacing them. Every failure is an {@link
 * IllegalArgumentException} whose message starts with the flag that caused it: an unknown key, a
 * value of the wrong type, or a value the config's canonical constructor rejects.
 */
public final class ConfigBinder {
    private ConfigBinder() {}

    static final ObjectMapper MAPPER = Hyperparameters.MAPPER;

    /**
     * The config with {@code overrides} applied to the algorithm's defaults.
     *
     * @param overrides snake_case keys to values (Java values or nested maps)
     * @throws IllegalArgumentException naming the key that is unknown, mistyped or invalid
     */
    public static <C extends Record> C bind(Algorithm<C> algorithm, Map<String, ?> overrides) {
        return bind(algorithm, overrides, Map.of());
    }

    /** As {@link #bind(Algorithm, Map)}, naming keys in messages by {@code labels} (flag names). */
    static <C extends Record> C bind(
            Algorithm<C> algorithm, Map<String, ?> overrides, Map<String, String> labels) {
        ObjectNode tree = tree(algorithm.defaultConfig());
        merge(tree, overrides, "", labels);
        return read(MAPPER, algorithm, tree, labels);
    }

    /**
     * A config saved in a run's config.json, over the defaults; keys the config does not have
     * (Spinning Up's config.json holds more than the hyperparameters) are ignored.
     */
    public static <C extends Record> C fromSaved(Algorithm<C> algorithm, JsonNode saved) {
        ObjectNode tree = tree(algorithm.defaultConfig());
        if (saved instanceof ObjectNode o) {
            Hyperparameters.merge(tree, o);
        }
        return read(Hyperparameters.LENIENT, algorithm, tree, Map.of());
    }

    /** A config record as a tree of snake_case keys (its record components only). */
    public static ObjectNode tree(Record config) {
        return Hyperparameters.tree(config);
    }

    /** The leaves of a config tree as colon-joined keys, e.g. {@code ac_kwargs:hidden_sizes}. */
    public static Map<String, JsonNode> flatten(ObjectNode tree) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        tree.properties()
                .forEach(
                        e -> {
                            if (e.getValue() instanceof ObjectNode o && !o.isEmpty()) {
                                flatten(o).forEach((k, v) -> out.put(e.getKey() + ":" + k, v));
                            } else {
                                out.put(e.getKey(), e.getValue());
                            }
                        });
        return out;
    }

    /**
     * An algorithm's flags and their default values as a user would type them ({@code
     * ac_kwargs:hidden_sizes -> [64,64]}, {@code pi_lr -> 0.0003}), for {@code run ALGO --help}.
     */
    public static Map<String, String> defaultFlags(Algorithm<?> algorithm) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(tree(algorithm.defaultConfig())).forEach((k, v) -> out.put(k, typed(v)));
        return out;
    }

    private static String typed(JsonNode v) {
        if (v.isFloatingPointNumber()) {
            return Literals.pythonFloat(v.doubleValue());
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof Record r) {
            return tree(r);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = MAPPER.createObjectNode();
            m.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
            return o;
        }
        if (value instanceof Collection<?> c) {
            var array = MAPPER.createArrayNode();
            c.forEach(v -> array.add(toNode(v)));
            return array;
        }
        return MAPPER.valueToTree(value);
    }

    private static void merge(
            ObjectNode tree, Map<String, ?> overrides, String prefix, Map<String, String> labels) {
        overrides.forEach(
                (key, value) -> {
                    String path = prefix + key;
                    if (value instanceof Map<?, ?> m) {
                        JsonNode existing = tree.get(key);
                        if (existing != null && !existing.isNull() && !existing.isObject()) {
                            throw new IllegalArgumentException(
                                    ConfigErrors.labelUnder(path, labels)
                                            + ": "
                                            + path.replace(':', '.')
                                            + " takes a single value, not sub-keys or a dict");
                        }
                        ObjectNode child =
                                existing instanceof ObjectNode o ? o : tree.putObject(key);
                        Map<String, Object> sub = new LinkedHashMap<>();
                        m.forEach((k, v) -> sub.put(String.valueOf(k), v));
                        merge(child, sub, path + ":", labels);
                    } else {
                        tree.set(key, toNode(value));
                    }
                });
    }

    private static <C extends Record> C read(
            ObjectMapper mapper,
            Algorithm<C> algorithm,
            ObjectNode tree,
            Map<String, String> labels) {
        C config;
        try {
            config = mapper.treeToValue(tree, algorithm.configType());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(ConfigErrors.explain(e, algorithm, tree, labels), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(algorithm.name() + " config: " + e.getMessage(), e);
        }
        try {
            Hyperparameters.validate(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigErrors.invalid(e, algorithm, labels), e);
        }
        return config;
    }
}
