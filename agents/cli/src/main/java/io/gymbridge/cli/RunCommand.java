package io.gymbridge.cli;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.Algorithms;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.run.ConfigBinder;
import io.gymbridge.agents.run.Experiment;
import io.gymbridge.agents.run.ExperimentGrid;
import io.gymbridge.agents.run.RunArgs;
import io.gymbridge.agents.run.RunOptions;
import io.gymbridge.agents.run.SavedRun;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gymbridge run ALGO [flags]}: Spinning Up's {@code spinup.run}, one experiment per
 * combination of flag values, one after another (see {@link RunArgs} for the grammar).
 */
@Command(
        name = "run",
        modelTransformer = RunCommand.FlagsAsParameters.class,
        description = {
            "Train an algorithm over a grid of experiments, as Spinning Up's spinup.run.",
            "",
            "Several values per flag make a grid: one experiment per combination, run one after"
                    + " another.",
            "",
            "  ./gymbridge run ppo --env CartPole-v1 --seed 0 10 20 --clip_ratio 0.1 0.2",
            "  ./gymbridge run ppo --env CartPole-v1 --hid[h] [32] [64,64] --act tanh relu --dt",
            "  ./gymbridge run ppo --env grpc://localhost:50051/CartPole-v1 --num_envs 8",
            "  ./gymbridge run ppo --env 'grpcs://gpu-1:50051/CartPole-v1?ca_file=ca.pem&token_file=token'",
            "  ./gymbridge run --resume data/cmd_ppo/cmd_ppo_s0",
            "  ./gymbridge run ppo --help      (the flags of ppo and their defaults)",
            ""
        },
        footer = {
            "",
            "Grammar:",
            "  --key V1 V2 ...     one experiment per value; --key alone means true",
            "  --key:subkey V      a key of a dict, e.g. --ac_kwargs:activation relu",
            "  --key[sh] V ...     sh names the key in directory names",
            "  Values are literals: 0.2, 4000, [64,64], true, tanh.",
            "Shortcuts: --env (env_name: an id, or a grpc:// or grpcs:// URL whose credentials",
            "  are files it names, never secrets: config.json records it), --hid",
            "  (ac_kwargs:hidden_sizes), --act (ac_kwargs:activation), --dt (datestamp).",
            "Run flags: --exp_name NAME (default cmd_ALGO), --data_dir DIR (default ./data),",
            "  --datestamp, --engine MXNet|PyTorch (default: PyTorch, measured faster for every",
            "  algorithm here), --no-progress (also off when",
            "  stdout is not a terminal), --resume DIR (continue that run; only --engine and",
            "  --no-progress go with it).",
            "Results: DATA_DIR/[YYYY-MM-DD_]EXP[_SUFFIX]/",
            "         [YYYY-MM-DD_HH-MM-SS-]EXP[_SUFFIX]_s[SEED]/progress.txt",
            "  SUFFIX: shorthand+value of every flag with several values but --seed."
        })
final class RunCommand implements Callable<Integer> {

    /** Hands every argument after {@code run} to RunArgs, flags included. */
    static final class FlagsAsParameters implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().unmatchedOptionsArePositionalParams(true).expandAtFiles(false);
            return spec;
        }
    }

    @Spec CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "ALGO [FLAGS]",
            description = "The algorithm and its flags.")
    List<String> args = new ArrayList<>();

    private final Function<String, Algorithm<?>> algorithms;
    private final Supplier<List<String>> names;

    RunCommand() {
        this(Algorithms::get, Algorithms::names);
    }

    /** A run command over other algorithms (tests). */
    RunCommand(Function<String, Algorithm<?>> algorithms, Supplier<List<String>> names) {
        this.algorithms = algorithms;
        this.names = names;
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        String algo = args.isEmpty() || args.get(0).startsWith("-") ? null : args.get(0);
        List<String> flags = algo == null ? args : args.subList(1, args.size());
        RunArgs parsed = RunArgs.parse(flags.toArray(String[]::new));
        if (parsed.help()) {
            spec.commandLine().usage(out);
            out.println();
            out.println("Algorithms: " + String.join(", ", names.get()));
            if (algo != null) {
                printFlags(algorithms.apply(algo), out);
            }
            return 0;
        }
        boolean progress = parsed.progress() && System.console() != null;
        if (parsed.resume().isPresent()) {
            return resume(algo, parsed.resume().get(), parsed.explicitEngine(), progress);
        }
        if (algo == null) {
            throw new IllegalArgumentException(
                    "give the algorithm first, e.g. ./gymbridge run ppo --env CartPole-v1"
                            + " (algorithms: "
                            + String.join(", ", names.get())
                            + ")");
        }
        runGrid(algorithms.apply(algo), parsed, progress, out);
        return 0;
    }

    private static <C extends Record> void runGrid(
            Algorithm<C> algorithm, RunArgs parsed, boolean progress, PrintStream out) {
        ExperimentGrid grid = parsed.grid(algorithm.name());
        List<Experiment<C>> experiments = grid.plan(algorithm);
        var envs = new LinkedHashSet<String>();
        experiments.forEach(e -> envs.add(e.env()));
        envs.forEach(RunCommand::checkEnv);
        RunOptions options = parsed.options(out).withProgress(progress);
        if (parsed.explicitEngine().isEmpty()) {
            options = options.withEngine(algorithm.defaultEngine());
        }
        grid.launch(algorithm, experiments, options);
    }

    private int resume(String algo, Path dir, Optional<String> engine, boolean progress) {
        SavedRun saved = SavedRun.read(dir);
        String name =
                algo != null
                        ? algo
                        : saved.algo()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "--resume: "
                                                                + dir.resolve("config.json")
                                                                + " names no algorithm; give it:"
                                                                + " ./gymbridge run ALGO --resume "
                                                                + dir));
        if (saved.algo().isPresent() && !saved.algo().get().equals(name)) {
            throw new IllegalArgumentException(
                    "--resume: "
                            + dir
                            + " was trained with "
                            + saved.algo().get()
                            + ", not "
                            + name);
        }
        // the engine the run trained with, unless --engine says otherwise
        String chosen = RunOptions.canonicalEngine(engine.or(saved::engine).orElse("MXNet"));
        resumeWith(algorithms.apply(name), saved, chosen, progress);
        return 0;
    }

    private static <C extends Record> void resumeWith(
            Algorithm<C> algorithm, SavedRun saved, String engine, boolean progress) {
        C config = ConfigBinder.fromSaved(algorithm, saved.config());
        checkEnv(saved.env());
        System.out.printf(
                "Resuming %s run %s in %s (env %s)%n",
                algorithm.name(), saved.expName(), saved.dir(), saved.env());
        algorithm.train(
                config,
                new RunContext(saved.env(), saved.expName(), saved.dir(), engine, true, progress));
    }

    /** Opens and closes the env once, so a wrong id or server fails before anything trains. */
    private static void checkEnv(String env) {
        try (Env<Object, Object> e = Envs.make(env)) {
            e.observationSpace();
        } catch (EnvException e) {
            throw new IllegalArgumentException("--env " + env + ": " + e.getMessage(), e);
        }
    }

    private static void printFlags(Algorithm<?> algorithm, PrintStream out) {
        out.println();
        out.println("Flags of " + algorithm.name() + " (default, then meaning):");
        Map<String, String> flags = ConfigBinder.defaultFlags(algorithm);
        Map<String, String> docs = Hyperparameters.docs(algorithm.configType());
        int width = flags.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        int valueWidth = flags.values().stream().mapToInt(String::length).max().orElse(0) + 2;
        flags.forEach(
                (k, v) ->
                        out.printf(
                                "  --%-" + width + "s %-" + valueWidth + "s %s%n",
                                k,
                                v,
                                docs.getOrDefault(k, "")));
    }
}
