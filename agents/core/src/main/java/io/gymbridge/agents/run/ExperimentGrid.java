package io.gymbridge.agents.run;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs an algorithm over every combination of hyperparameter values: Spinning Up's {@code
 * ExperimentGrid}, which {@code ./gymbridge run} uses under the hood.
 *
 * <pre>{@code
 * ExperimentGrid eg = new ExperimentGrid("ppo-bench");
 * eg.add("env_name", "CartPole-v1", "", true);
 * eg.add("seed", List.of(0, 10, 20));
 * eg.add("epochs", 10);
 * eg.add("ac_kwargs:hidden_sizes", List.of(List.of(32), List.of(64, 64)), "hid");
 * eg.run(Algorithms.get("ppo"), RunOptions.defaults());
 * }</pre>
 *
 * <p>As in Spinning Up: a {@link List} is several values, anything else one value (so one list
 * value is written {@code List.of(List.of(64, 64))}); keys with colons are nested dicts ({@code
 * ac_kwargs:hidden_sizes} sets {@code hidden_sizes} of {@code ac_kwargs}); the key {@code env_name}
 * is the env id or URL of the run and every other key a field of the algorithm's config record (see
 * {@link ConfigBinder}). Variants are the cartesian product, the first key varying slowest.
 * Experiments run one after another, in this process.
 */
public final class ExperimentGrid {
    /** The key of the env id or URL, as Spinning Up's {@code env_name}. */
    public static final String ENV_NAME = "env_name";

    private static final String LINE = "=".repeat(80);

    private record Param(
            String key, List<Object> values, String shorthand, boolean inName, String label) {}

    private final String name;
    private final List<Param> params = new ArrayList<>();

    /** A grid without a name: variant names are made of parameters only. */
    public ExperimentGrid() {
        this("");
    }

    /** A grid whose variant names start with {@code name}. */
    public ExperimentGrid(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The grid's name. */
    public String name() {
        return name;
    }

    /** Adds a parameter with an automatic shorthand, shown in names only if it varies. */
    public ExperimentGrid add(String key, Object values) {
        return add(key, values, null, false);
    }

    /** Adds a parameter with a shorthand (null: automatic), shown in names only if it varies. */
    public ExperimentGrid add(String key, Object values, String shorthand) {
        return add(key, values, shorthand, false);
    }

    /**
     * Adds a parameter.
     *
     * @param key the parameter, {@code name} or {@code name:subkey}
     * @param values a List of values, or a single value
     * @param shorthand its name in variant names; null for the automatic one, the first three
     *     characters of each colon-separated term without trailing underscores, joined by '-'
     *     ({@code clip_ratio -> cli}, {@code ac_kwargs:activation -> ac-act}, as the docs show)
     * @param inName show it in variant names even when it has one value
     * @throws IllegalArgumentException for a blank or repeated key, a key that overlaps another
     *     ({@code ac_kwargs} and {@code ac_kwargs:activation}), or no values
     */
    public ExperimentGrid add(String key, Object values, String shorthand, boolean inName) {
        return add(key, values, shorthand, inName, key);
    }

    /** As {@link #add(String, Object, String, boolean)}, naming the key by a flag in messages. */
    ExperimentGrid add(String key, Object values, String shorthand, boolean inName, String label) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || List.of(key.split(":", -1)).contains("")) {
            throw new IllegalArgumentException(label + ": a key needs a name, got '" + key + "'");
        }
        List<Object> vals = new ArrayList<>();
        if (values instanceof List<?> list) {
            vals.addAll(list);
        } else {
            vals.add(values);
        }
        if (vals.isEmpty()) {
            throw new IllegalArgumentException(label + ": no values");
        }
        for (Param p : params) {
            if (p.key.equals(key)) {
                throw new IllegalArgumentException(label + ": given twice");
            }
            if (key.startsWith(p.key + ":") || p.key.startsWith(key + ":")) {
                throw new IllegalArgumentException(
                        p.label
                                + " and "
                                + label
                                + " both set "
                                + key.split(":")[0]
                                + "; give one of them");
            }
        }
        String sh = shorthand != null ? shorthand : autoShorthand(key);
        params.add(new Param(key, Collections.unmodifiableList(vals), sh, inName, label));
        return this;
    }

    /** The automatic shorthand: {@code ac_kwargs:activation -> ac-act}. */
    static String autoShorthand(String key) {
        List<String> parts = new ArrayList<>();
        for (String w : key.split(":")) {
            String head = w.substring(0, Math.min(3, w.length()));
            parts.add(head.length() > 1 ? head.replaceAll("_+$", "") : head);
        }
        return String.join("-", parts);
    }

    /**
     * Every valid config of the grid, the first key varying slowest; colon keys become nested maps
     * ({@code {ac_kwargs={hidden_sizes=[64, 64]}}}).
     */
    public List<Map<String, Object>> variants() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> flat : flatVariants()) {
            out.add(unflatten(flat));
        }
        return out;
    }

    /** The variants with their colon keys flat, in the grid's key order. */
    List<Map<String, Object>> flatVariants() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (int i = params.size() - 1; i >= 0; i--) {
            Param p = params.get(i);
            List<Map<String, Object>> next = new ArrayList<>();
            for (Object value : p.values) {
                for (Map<String, Object> rest : out) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put(p.key, value);
                    v.putAll(rest);
                    next.add(v);
                }
            }
            out = next;
        }
        return params.isEmpty() ? List.of() : out;
    }

    private static Map<String, Object> unflatten(Map<String, Object> flat) {
        Map<String, Object> nested = new LinkedHashMap<>();
        flat.forEach(
                (key, value) -> {
                    String[] path = key.split(":");
                    Map<String, Object> at = nested;
                    for (int i = 0; i < path.length - 1; i++) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> child =
                                (Map<String, Object>)
                                        at.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
                        at = child;
                    }
                    at.put(path[path.length - 1], value);
                });
        return nested;
    }

    /**
     * The experiment name of a variant: the grid's name, then {@code _shorthand+value} for every
     * parameter that has several values or is forced into the name, except the seed (runs that
     * differ only by seed share a name, so the plotter averages them). A parameter whose values are
     * all booleans shows as {@code _shorthand} when true and not at all when false.
     */
    public String variantName(Map<String, Object> variant) {
        StringBuilder out = new StringBuilder(name);
        for (Param p : params) {
            if ((p.values.size() > 1 || p.inName) && !p.key.equals("seed")) {
                String shorthand = Literals.validStr(p.shorthand);
                Object value = get(variant, p.key);
                if (p.values.stream().allMatch(v -> v instanceof Boolean)) {
                    out.append(Boolean.TRUE.equals(value) ? "_" + shorthand : "");
                } else {
                    out.append('_').append(shorthand).append(Literals.validStr(value));
                }
            }
        }
        int start = 0;
        while (start < out.length() && out.charAt(start) == '_') {
            start++;
        }
        return out.substring(start);
    }

    /** A variant's value for a key, flat ({@code a:b} present) or nested ({@code {a={b=...}}}). */
    private static Object get(Map<?, ?> variant, String key) {
        if (variant.containsKey(key)) {
            return variant.get(key);
        }
        int colon = key.indexOf(':');
        if (colon < 0 || !(variant.get(key.substring(0, colon)) instanceof Map<?, ?> inner)) {
            throw new IllegalArgumentException("the variant has no value for " + key);
        }
        return get(inner, key.substring(colon + 1));
    }

    /** Spinning Up's {@code print()}: the parameters, their shorthands and values, and counts. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("ExperimentGrid ").append(name.isEmpty() ? "" : "[" + name + "] ");
        out.append("runs over parameters:\n");
        for (Param p : params) {
            out.append("  ").append(p.key);
            if (!p.shorthand.isEmpty()) {
                out.append(" [").append(p.shorthand).append(']');
            }
            List<String> vals = new ArrayList<>();
            p.values.forEach(v -> vals.add(Literals.display(v)));
            out.append(": ").append(String.join(", ", vals)).append('\n');
        }
        long count = 1;
        long withoutSeed = 1;
        for (Param p : params) {
            count *= p.values.size();
            withoutSeed *= p.key.equals("seed") ? 1 : p.values.size();
        }
        out.append("Variants, counting seeds: ").append(count).append('\n');
        out.append("Variants, not counting seeds: ").append(withoutSeed).append('\n');
        return out.toString();
    }

    /**
     * Names every variant and types its config, without running anything: a bad value in the last
     * variant fails before the first one trains.
     *
     * @throws IllegalArgumentException if the grid has no env_name, or a value does not fit the
     *     algorithm's config (the message names the key, or the flag it came from)
     */
    public <C extends Record> List<Experiment<C>> plan(Algorithm<C> algorithm) {
        Map<String, String> labels = new LinkedHashMap<>();
        params.forEach(p -> labels.put(p.key, p.label));
        if (!labels.containsKey(ENV_NAME)) {
            throw new IllegalArgumentException(
                    "no environment: give --env (env_name in an ExperimentGrid), e.g. --env"
                            + " CartPole-v1 or --env grpc://localhost:50051/CartPole-v1");
        }
        List<Experiment<C>> out = new ArrayList<>();
        for (Map<String, Object> flat : flatVariants()) {
            Object env = flat.get(ENV_NAME);
            if (!(env instanceof String envName) || envName.isBlank()) {
                throw new IllegalArgumentException(
                        labels.get(ENV_NAME)
                                + ": expected an env id or URL, got "
                                + Literals.display(env));
            }
            Map<String, Object> hyper = new LinkedHashMap<>(flat);
            hyper.remove(ENV_NAME);
            C config = ConfigBinder.bind(algorithm, unflatten(hyper), labels);
            var seed = ConfigBinder.tree(config).get("seed");
            long s = seed != null && seed.canConvertToLong() ? seed.asLong() : 0L;
            out.add(new Experiment<>(variantName(flat), envName, s, config, flat));
        }
        return out;
    }

    /** Plans the grid ({@link #plan}) and launches every experiment ({@link #launch}). */
    public <C extends Record> List<Experiment<C>> run(Algorithm<C> algorithm, RunOptions options) {
        List<Experiment<C>> experiments = plan(algorithm);
        launch(algorithm, experiments, options);
        return experiments;
    }

    /** Spinning Up's {@code run(thunk, data_dir=..., datestamp=...)}, with the other defaults. */
    public <C extends Record> List<Experiment<C>> run(
            Algorithm<C> algorithm, Path dataDir, boolean datestamp) {
        return run(algorithm, RunOptions.defaults().withDataDir(dataDir).withDatestamp(datestamp));
    }

    /**
     * Lists the experiments, then trains each one after the other in its directory ({@link
     * LoggerKwargs#setup}; a datestamp is taken when the experiment starts). Stops at the first
     * experiment that fails.
     */
    public <C extends Record> void launch(
            Algorithm<C> algorithm, List<Experiment<C>> experiments, RunOptions options) {
        var out = options.out();
        Map<String, List<Long>> seeds = new TreeMap<>();
        experiments.forEach(
                e -> seeds.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.seed()));
        out.printf(
                "Preparing to run the following experiments (%s, %d run%s):%n%n",
                algorithm.name(), experiments.size(), experiments.size() == 1 ? "" : "s");
        seeds.forEach(
                (n, s) ->
                        out.printf(
                                "  %s  (seed%s %s)%n",
                                n,
                                s.size() == 1 ? "" : "s",
                                String.join(", ", s.stream().map(String::valueOf).toList())));
        out.println();
        out.println(LINE);
        int i = 0;
        for (Experiment<C> e : experiments) {
            i++;
            LoggerKwargs logger =
                    LoggerKwargs.setup(
                            e.name(),
                            e.seed(),
                            options.dataDir(),
                            options.datestamp(),
                            options.clock());
            out.printf(
                    "%nRunning experiment %d/%d: %s, seed %d, env %s%n  %s%n  -> %s%n",
                    i,
                    experiments.size(),
                    e.name(),
                    e.seed(),
                    e.env(),
                    describeVariant(e.variant()),
                    logger.outputDir());
            if (Files.exists(logger.outputDir().resolve("progress.txt"))) {
                out.printf(
                        "Warning: %s already holds a run; storing this one there anyway.%n",
                        logger.outputDir());
            }
            out.flush();
            RunContext run =
                    new RunContext(
                            e.env(),
                            e.name(),
                            logger.outputDir(),
                            options.engine(),
                            false,
                            options.progress());
            algorithm.train(e.config(), run);
            out.printf(
                    "%nEnd of experiment %s.%n  plot it:  ./gymbridge plot %s%n"
                            + "  watch it: ./gymbridge test-policy %s%n",
                    e.name(), quote(logger.outputDir()), quote(logger.outputDir()));
            out.println(LINE);
        }
        out.flush();
    }

    private static String describeVariant(Map<String, Object> variant) {
        List<String> parts = new ArrayList<>();
        variant.forEach(
                (k, v) -> {
                    if (!k.equals(ENV_NAME)) {
                        parts.add(k + "=" + Literals.display(v));
                    }
                });
        return parts.isEmpty() ? "with the defaults" : "with " + String.join(" ", parts);
    }

    private static String quote(Path p) {
        String s = p.toString();
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
