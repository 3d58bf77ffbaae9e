package io.gymbridge.agents.run;

import java.util.Map;

/**
 * One experiment of a grid: a variant with its name, env, seed and typed config.
 *
 * @param name the variant's name ({@link ExperimentGrid#variantName}): Spinning Up's exp_name
 * @param env the env id or URL (the variant's {@code env_name})
 * @param seed the config's seed, which names the run's folder {@code exp_name_s[seed]}
 * @param config the typed config
 * @param variant the grid's keys and this variant's values, in the grid's order (colon keys flat)
 * @param <C> the config record
 */
public record Experiment<C extends Record>(
        String name, String env, long seed, C config, Map<String, Object> variant) {

    /** Keeps an unmodifiable copy of the variant. */
    public Experiment {
        variant = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variant));
    }
}
