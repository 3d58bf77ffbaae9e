package io.gymbridge.agents.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flags of {@code ./gymbridge run ALGO ...} in Spinning Up's grammar ({@code spinup.run}).
 *
 * <pre>
 * --key V1 V2 ...          one experiment per value (several flags with several values: the grid)
 * --key                    no value: true
 * --key:subkey V ...       a key of a dict (nested config record), e.g. --ac_kwargs:activation relu
 * --key[sh] V ...          sh names the key in experiment names (--hid[h] [32] [64,64])
 * --key=V                  the same as --key V
 *
 * shortcuts    --env = --env_name   --hid = --ac_kwargs:hidden_sizes
 *              --act = --ac_kwargs:activation   --dt = --datestamp
 * run flags    --exp_name NAME   --data_dir DIR   --datestamp [true|false]
 *              --engine MXNet|PyTorch   --resume DIR   --no-progress
 * </pre>
 *
 * <p>Values are typed literals (see {@link Literals#parse}): {@code 0.2}, {@code [64,64]}, {@code
 * true}, {@code tanh}. Every other key ({@code --seed}, {@code --num_envs}, {@code --clip_ratio},
 * ...) is a field of the algorithm's config. As in {@code spinup.run}, keys given with a {@code
 * [shorthand]}, and then the shortcut flags, come after the other keys in the grid's order (and so
 * in experiment names).
 */
public final class RunArgs {
    /** Shortcut flags and the keys they stand for, in spinup.run's order. */
    static final Map<String, String> SUBSTITUTIONS =
            mapOf(
                    "env", ExperimentGrid.ENV_NAME,
                    "hid", "ac_kwargs:hidden_sizes",
                    "act", "ac_kwargs:activation",
                    "dt", "datestamp");

    private static final List<String> RUN_FLAGS =
            List.of("exp_name", "data_dir", "datestamp", "engine", "resume", "no-progress");

    /**
     * One grid parameter as given.
     *
     * @param key the config key ({@code ac_kwargs:hidden_sizes}, {@code env_name}, ...)
     * @param flag the flag as typed, without its shorthand ({@code --hid})
     * @param shorthand the user's shorthand, or null for the automatic one
     * @param values the typed values ({@code env_name}'s stay text)
     */
    public record Param(String key, String flag, String shorthand, List<Object> values) {}

    private final List<Param> params;
    private final String expName;
    private final Path dataDir;
    private final boolean datestamp;
    private final String engine;
    private final Path resume;
    private final boolean progress;
    private final boolean help;

    private RunArgs(
            List<Param> params,
            String expName,
            Path dataDir,
            boolean datestamp,
            String engine,
            Path resume,
            boolean progress,
            boolean help) {
        this.params = List.copyOf(params);
        this.expName = expName;
        this.dataDir = dataDir;
        this.datestamp = datestamp;
        this.engine = engine;
        this.resume = resume;
        this.progress = progress;
        this.help = help;
    }

    /** A raw flag: its name (shorthand included) and value texts. */
    private record Raw(String name, List<String> values) {}

    /**
     * Parses the flags after the algorithm name.
     *
     * @throws IllegalArgumentException naming the flag that is malformed
     */
    public static RunArgs parse(String... args) {
        boolean help = false;
        List<Raw> raws = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || (raws.isEmpty() && arg.equals("-h"))) {
                help = true;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("'" + arg + "' names no flag");
                }
                raws.add(new Raw(name, new ArrayList<>()));
                if (eq > 0) {
                    raws.get(raws.size() - 1).values.add(arg.substring(eq + 1));
                }
            } else if (raws.isEmpty()) {
                throw new IllegalArgumentException(
                        "expected a flag before '" + arg + "', e.g. --env CartPole-v1");
            } else {
                raws.get(raws.size() - 1).values.add(arg);
            }
        }

        Map<String, Param> plain = new LinkedHashMap<>();
        Map<String, Param> bracketed = new LinkedHashMap<>();
        Map<String, Param> substituted = new LinkedHashMap<>();
        Map<String, String> run = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Raw raw : raws) {
            String name = raw.name;
            String shorthand = null;
            int open = name.indexOf('[');
            if (open >= 0) {
                if (!name.endsWith("]") || name.indexOf('[', open + 1) >= 0 || open == 0) {
                    throw new IllegalArgumentException(
                            "--" + name + ": write a shorthand as --flag[sh], e.g. --hid[h]");
                }
                shorthand = name.substring(open + 1, name.length() - 1);
                name = name.substring(0, open);
            }
            String flag = "--" + name;
            String key = SUBSTITUTIONS.getOrDefault(name, name);
            String earlier = seen.put(key, flag);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        earlier.equals(flag)
                                ? flag + " is given twice: give all its values after one " + flag
                                : earlier + " and " + flag + " both set " + key);
            }
            List<String> texts = raw.values.isEmpty() ? List.of("true") : raw.values;
            if (key.equals("cpu") || key.equals("num_cpu")) {
                throw new IllegalArgumentException(
                        flag
                                + ": gymbridge runs experiments in one process, one after another;"
                                + " use --num_envs for parallel environments");
            }
            if (RUN_FLAGS.contains(key)) {
                if (shorthand != null) {
                    throw new IllegalArgumentException(flag + " takes no [shorthand]");
                }
                if (texts.size() != 1) {
                    throw new IllegalArgumentException(
                            flag
                                    + " takes one value, got "
                                    + texts.size()
                                    + ": "
                                    + String.join(" ", texts));
                }
                run.put(key, texts.get(0));
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (String t : texts) {
                values.add(key.equals(ExperimentGrid.ENV_NAME) ? t : Literals.parse(t));
            }
            if (key.equals("ac_kwargs:hidden_sizes")) {
                checkHiddenSizes(flag, texts, values);
            }
            Param p = new Param(key, flag, shorthand, values);
            if (SUBSTITUTIONS.containsKey(name)) {
                substituted.put(name, p);
            } else if (shorthand != null) {
                bracketed.put(key, p);
            } else {
                plain.put(key, p);
            }
        }

        List<Param> ordered = new ArrayList<>(plain.values());
        ordered.addAll(bracketed.values());
        SUBSTITUTIONS
                .keySet()
                .forEach(
                        s -> {
                            if (substituted.containsKey(s)) {
                                ordered.add(substituted.get(s));
                            }
                        });

        Path resume = run.containsKey("resume") ? Path.of(run.get("resume")) : null;
        if (resume != null) {
            List<String> others = new ArrayList<>();
            seen.forEach(
                    (key, flag) -> {
                        if (!List.of("resume", "engine", "no-progress").contains(key)) {
                            others.add(flag);
                        }
                    });
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(
                        "--resume continues a run as it was configured: drop "
                                + String.join(", ", others)
                                + " (only --engine and --no-progress go with --resume)");
            }
        }
        return new RunArgs(
                ordered,
                run.get("exp_name"),
                run.containsKey("data_dir") ? Path.of(run.get("data_dir")) : null,
                run.containsKey("datestamp") && bool("--datestamp", run.get("datestamp")),
                run.containsKey("engine") ? RunOptions.canonicalEngine(run.get("engine")) : null,
                resume,
                !(run.containsKey("no-progress") && bool("--no-progress", run.get("no-progress"))),
                help);
    }

    private static void checkHiddenSizes(String flag, List<String> texts, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            boolean ok = values.get(i) instanceof List<?>;
            if (ok) {
                for (Object x : (List<?>) values.get(i)) {
                    ok &= x instanceof Integer n && n > 0;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException(
                        flag + ": expected a list of integers like [64,64], got " + texts.get(i));
            }
        }
    }

    private static boolean bool(String flag, String text) {
        Object v = Literals.parse(text);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(flag + ": expected true or false, got " + text);
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The grid of these flags: named by --exp_name, or {@code cmd_ALGO} as spinup.run names it when
     * none is given.
     */
    public ExperimentGrid grid(String algorithmName) {
        ExperimentGrid grid =
                new ExperimentGrid(expName != null ? expName : "cmd_" + algorithmName);
        for (Param p : params) {
            grid.add(p.key, p.values, p.shorthand, false, p.flag);
        }
        return grid;
    }

    /** The run options of these flags, printing to {@code out}. */
    public RunOptions options(java.io.PrintStream out) {
        return RunOptions.defaults()
                .withDataDir(dataDir != null ? dataDir : LoggerKwargs.DEFAULT_DATA_DIR)
                .withDatestamp(datestamp)
                .withEngine(engine())
                .withProgress(progress)
                .withOut(out);
    }

    /** The grid parameters, in the grid's order. */
    public List<Param> params() {
        return params;
    }

    /** --exp_name, if given. */
    public Optional<String> expName() {
        return Optional.ofNullable(expName);
    }

    /** --data_dir, if given. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** --datestamp / --dt. */
    public boolean datestamp() {
        return datestamp;
    }

    /** --engine, MXNet unless given. */
    public String engine() {
        return engine != null ? engine : "MXNet";
    }

    /** --engine, if given. */
    public Optional<String> explicitEngine() {
        return Optional.ofNullable(engine);
    }

    /** --resume DIR, if given. */
    public Optional<Path> resume() {
        return Optional.ofNullable(resume);
    }

    /** False with --no-progress. */
    public boolean progress() {
        return progress;
    }

    /** --help was given. */
    public boolean help() {
        return help;
    }
}
