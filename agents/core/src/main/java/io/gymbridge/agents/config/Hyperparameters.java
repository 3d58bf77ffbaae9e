package io.gymbridge.agents.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An algorithm's config record read through its {@link Hp} declarations: defaults, changes by
 * Spinning Up's names, validation naming the parameter, and the one-line docs for {@code --help}.
 *
 * <pre>{@code
 * Ppo.Config config = Hyperparameters.of(Ppo.Config.class, Map.of("epochs", 2, "pi_lr", 1e-3));
 * }</pre>
 */
public final class Hyperparameters {
    private Hyperparameters() {}

    /** Jackson as configs are bound: snake_case, unknown keys and nulls refused, no float->int. */
    public static final ObjectMapper MAPPER = mapper(true);

    /** As {@link #MAPPER}, but ignoring unknown keys (a run's config.json holds more). */
    public static final ObjectMapper LENIENT = mapper(false);

    private static ObjectMapper mapper(boolean strict) {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    /** The config with every parameter at its declared default. */
    public static <C extends Record> C defaults(Class<C> type) {
        return read(MAPPER, type, defaultsTree(type));
    }

    /**
     * The defaults with {@code changes} applied, keyed by Spinning Up's names; a nested record
     * takes a map of its own keys, which change its defaults rather than replace them.
     *
     * @throws IllegalArgumentException naming the key that is unknown, mistyped or invalid
     */
    public static <C extends Record> C of(Class<C> type, Map<String, ?> changes) {
        ObjectNode tree = defaultsTree(type);
        merge(tree, MAPPER.valueToTree(changes));
        return read(MAPPER, type, tree);
    }

    /** {@code config} with {@code changes} applied, as {@link #of}. */
    @SuppressWarnings("unchecked")
    public static <C extends Record> C with(C config, Map<String, ?> changes) {
        ObjectNode tree = tree(config);
        merge(tree, MAPPER.valueToTree(changes));
        return read(MAPPER, (Class<C>) config.getClass(), tree);
    }

    /**
     * Reads {@code tree} into a config and validates it.
     *
     * @throws IllegalArgumentException if Jackson cannot type it or a value is invalid
     */
    public static <C extends Record> C read(ObjectMapper mapper, Class<C> type, JsonNode tree) {
        C config;
        try {
            config = mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        validate(config);
        return config;
    }

    /**
     * Checks every component against its {@link Hp#check}, nested records included.
     *
     * @throws IllegalArgumentException naming the parameter: {@code "gamma must be in [0.0, 1.0],
     *     got 1.5"}
     */
    public static void validate(Record config) {
        validate(config, "");
    }

    private static void validate(Record config, String prefix) {
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            String name = prefix + name(c);
            Object value = get(config, c);
            if (value == null) {
                throw new IllegalArgumentException(name + " must be given");
            }
            if (value instanceof Record nested) {
                validate(nested, name + ".");
            } else {
                Hp hp = c.getAnnotation(Hp.class);
                if (hp != null) {
                    Check.parse(hp.check()).require(name, value);
                }
            }
        }
    }

    /** The parameter's name: Spinning Up's snake_case of the component, or its @JsonProperty. */
    public static String name(RecordComponent c) {
        // @JsonProperty on a component lands on its accessor, field and parameter, not on it
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p != null && !p.value().isEmpty()) {
            return p.value();
        }
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName());
    }

    /**
     * The one-line meaning of every parameter, nested ones as {@code ac_kwargs:hidden_sizes}, in
     * declaration order.
     */
    public static Map<String, String> docs(Class<? extends Record> type) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Hp hp = c.getAnnotation(Hp.class);
            if (c.getType().isRecord()) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> nested = (Class<? extends Record>) c.getType();
                docs(nested).forEach((k, v) -> out.put(name(c) + ":" + k, v));
            } else if (hp != null) {
                out.put(name(c), hp.doc());
            }
        }
        return out;
    }

    /** A config as a tree of snake_case keys (its record components only). */
    public static ObjectNode tree(Record config) {
        ObjectNode node = MAPPER.createObjectNode();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object value = get(config, c);
            node.set(name(c), value instanceof Record r ? tree(r) : MAPPER.valueToTree(value));
        }
        return node;
    }

    /** The declared defaults of {@code type} as a tree, nested records included. */
    public static ObjectNode defaultsTree(Class<?> type) {
        ObjectNode node = MAPPER.createObjectNode();
        for (RecordComponent c : type.getRecordComponents()) {
            Hp hp = c.getAnnotation(Hp.class);
            if (hp == null) {
                throw new IllegalStateException(
                        type.getName() + "." + c.getName() + " has no @Hp declaration");
            }
            JsonNode value;
            if (c.getType().isRecord()) {
                ObjectNode nested = defaultsTree(c.getType());
                if (!hp.value().isEmpty()) {
                    merge(nested, parse(hp.value(), type, c));
                }
                value = nested;
            } else if (c.getType() == String.class) {
                value = TextNode.valueOf(hp.value());
            } else {
                value = parse(hp.value(), type, c);
            }
            node.set(name(c), value);
        }
        return node;
    }

    private static JsonNode parse(String json, Class<?> type, RecordComponent c) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "bad @Hp default of " + type.getName() + "." + c.getName() + ": " + json, e);
        }
    }

    /** Sets {@code changes} into {@code tree}, merging objects into objects key by key. */
    public static void merge(ObjectNode tree, JsonNode changes) {
        changes.properties()
                .forEach(
                        e -> {
                            if (e.getValue() instanceof ObjectNode o
                                    && tree.get(e.getKey()) instanceof ObjectNode t) {
                                merge(t, o);
                            } else {
                                tree.set(e.getKey(), e.getValue());
                            }
                        });
    }

    private static Object get(Record config, RecordComponent c) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + config, e);
        }
    }
}
