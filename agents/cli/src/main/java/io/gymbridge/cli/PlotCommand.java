package io.gymbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gymbridge plot LOGDIR...}: Spinning Up's plotter. One chart per {@code -y} value, written
 * as VALUE.png and VALUE.svg; see {@link PlotData} for what is drawn.
 */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = {
            "Plot learning curves, as Spinning Up's plotter.",
            "",
            "Each exp_name (from config.json) is one curve: the mean across its runs (seeds) with"
                    + " a band of ± one standard deviation. Writes VALUE.png and VALUE.svg for"
                    + " each -y value.",
            "",
            "  ./gymbridge plot data/cmd_ppo",
            "  ./gymbridge plot data/bench_ -l PPO VPG -s 5 -y Performance LossPi -o plots",
            ""
        })
final class PlotCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "LOGDIR",
            description =
                    "Log directories, or prefixes of them (data/bench_algo matches data/bench_algo1"
                            + " and data/bench_algo2; end with / for exactly that directory);"
                            + " searched recursively for progress.txt.")
    List<String> logdirs;

    @Option(
            names = {"-l", "--legend"},
            arity = "1..*",
            paramLabel = "LEGEND",
            description = "A legend name for each matched log directory (default: exp_name).")
    List<String> legend;

    @Option(
            names = {"-x", "--xaxis"},
            defaultValue = "TotalEnvInteracts",
            description = "The x column (default: ${DEFAULT-VALUE}).")
    String xaxis;

    @Option(
            names = {"-y", "--value"},
            arity = "1..*",
            defaultValue = "Performance",
            paramLabel = "VALUE",
            description =
                    "The y columns, one chart each (default: Performance, which is"
                            + " AverageTestEpRet if a run has it, else AverageEpRet).")
    List<String> values;

    @Option(names = "--count", description = "One curve per run instead of one per exp_name.")
    boolean count;

    @Option(
            names = {"-s", "--smooth"},
            defaultValue = "1",
            description = "Moving-average window in points (default: ${DEFAULT-VALUE}, none).")
    int smooth;

    @Option(
            names = "--select",
            arity = "1..*",
            description = "Only log directories whose path contains all of these.")
    List<String> select;

    @Option(
            names = "--exclude",
            arity = "1..*",
            description = "Only log directories whose path contains none of these.")
    List<String> exclude;

    @Option(
            names = "--est",
            defaultValue = "mean",
            description = "The main line: mean, median, max or min (default: ${DEFAULT-VALUE}).")
    String est;

    @Option(
            names = {"-o", "--out"},
            defaultValue = ".",
            paramLabel = "DIR",
            description = "Where to write the files (default: the current directory).")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        PlotData.Estimator estimator = PlotData.Estimator.parse(est);
        if (smooth < 1) {
            throw new IllegalArgumentException("-s must be at least 1, got " + smooth);
        }
        PrintStream stdout = System.out;
        List<Path> dirs = PlotData.logdirs(logdirs, select, exclude);
        stdout.println("Plotting from...");
        dirs.forEach(d -> stdout.println("  " + d));
        List<PlotData.Run> runs = PlotData.load(dirs, legend, System.err);
        try {
            Files.createDirectories(out);
            for (String value : values) {
                List<PlotData.Curve> curves =
                        PlotData.curves(runs, xaxis, value, count, smooth, estimator);
                String stem = value.replaceAll("[^A-Za-z0-9._-]", "_");
                Path png = out.resolve(stem + ".png");
                Path svg = out.resolve(stem + ".svg");
                Charts.write(curves, xaxis, value, png, svg);
                stdout.printf(
                        "%s: %d curve%s from %d run%s -> %s, %s%n",
                        value,
                        curves.size(),
                        curves.size() == 1 ? "" : "s",
                        runs.size(),
                        runs.size() == 1 ? "" : "s",
                        png,
                        svg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}
