package io.gymbridge.cli;

import io.gymbridge.agents.LoadedPolicy;
import io.gymbridge.agents.Policy;
import io.gymbridge.agents.SavedPolicies;
import io.gymbridge.env.Env;
import io.gymbridge.env.Step;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gymbridge test-policy DIR}: Spinning Up's {@code test_policy}. Runs a saved policy for
 * some episodes, printing each episode's return and length and then their statistics; {@code
 * --record out.gif} saves the episodes' frames.
 */
@Command(
        name = "test-policy",
        mixinStandardHelpOptions = true,
        description = {
            "Run a trained policy and report its episode returns, as Spinning Up's test_policy.",
            "",
            "The policy comes from the run directory's latest checkpoint (or -l ITR) and runs in"
                    + " the env it trained on (or --env); --record writes the episodes as an"
                    + " animated GIF.",
            "",
            "  ./gymbridge test-policy data/cmd_ppo/cmd_ppo_s0 -n 10",
            "  ./gymbridge test-policy data/cmd_ppo/cmd_ppo_s0 -n 1 -d --record cartpole.gif",
            ""
        })
final class TestPolicyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A run directory (data/EXP/EXP_s0).")
    Path dir;

    @Option(
            names = {"-l", "-i", "--itr"},
            defaultValue = "-1",
            paramLabel = "ITR",
            description = "The checkpoint's epoch (default: the latest).")
    int itr;

    @Option(
            names = {"-n", "--episodes"},
            defaultValue = "100",
            paramLabel = "EPISODES",
            description = "How many episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(
            names = {"-nr", "--norender"},
            description =
                    "Do not render (rendering happens only with --record: there is no display).")
    boolean noRender;

    @Option(
            names = {"-d", "--deterministic"},
            description = "Act with the mode of the policy's distribution instead of sampling.")
    boolean deterministic;

    @Option(
            names = "--len",
            defaultValue = "0",
            paramLabel = "N",
            description = "End episodes after N steps (default: 0, only the env ends them).")
    int maxLen;

    @Option(
            names = "--record",
            paramLabel = "FILE.gif",
            description = "Write every episode's frames to an animated GIF (use a few episodes).")
    Path record;

    @Option(
            names = "--env",
            paramLabel = "ENV",
            description = "Run in this env id or URL instead of the one the run trained on.")
    String env;

    private final BiFunction<Path, OptionalInt, LoadedPolicy> loader;

    TestPolicyCommand() {
        this(SavedPolicies::load);
    }

    /** A command loading policies some other way (tests). */
    TestPolicyCommand(BiFunction<Path, OptionalInt, LoadedPolicy> loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        checkOptions();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no run directory " + dir);
        }
        LoadedPolicy loaded =
                loader.apply(dir, itr < 0 ? OptionalInt.empty() : OptionalInt.of(itr));
        String target = env != null ? env : loaded.env();
        PrintStream out = System.out;
        out.printf("Loaded %s (epoch %d); running in %s%n", dir, loaded.epoch(), target);
        List<double[]> results = new ArrayList<>();
        try (Policy policy = loaded.policy();
                Env<Object, Object> e = CheckCommand.open(target, record != null);
                AnimatedGif gif =
                        record != null
                                ? AnimatedGif.create(
                                        record,
                                        AnimatedGif.delayFor(e.metadata().get("render_fps")))
                                : null) {
            for (int n = 0; n < episodes; n++) {
                double[] r = episode(policy, e, gif);
                out.printf(
                        Locale.ROOT, "Episode %d \t EpRet %.3f \t EpLen %d%n", n, r[0], (int) r[1]);
                results.add(r);
            }
            if (gif != null) {
                out.printf("Recorded %d frames to %s%n", gif.frames(), record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--record " + record + ": " + e.getMessage(), e);
        }
        printTable(results, out);
        return 0;
    }

    private void checkOptions() {
        if (episodes < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + episodes);
        }
        if (maxLen < 0) {
            throw new IllegalArgumentException("--len must be 0 (no limit) or more, got " + maxLen);
        }
        if (record == null) {
            return;
        }
        String name = record.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mp4")) {
            throw new IllegalArgumentException(
                    "--record: MP4 is not supported (there is no well-kept pure-Java MP4 encoder);"
                            + " record a .gif");
        }
        if (!name.endsWith(".gif")) {
            throw new IllegalArgumentException("--record: give a .gif file, got " + record);
        }
        if (noRender) {
            throw new IllegalArgumentException("--record needs rendering: drop -nr");
        }
    }

    /** One episode: {return, length}; frames after the reset and after every step go to gif. */
    private double[] episode(Policy policy, Env<Object, Object> e, AnimatedGif gif)
            throws IOException {
        Object obs = e.reset().observation();
        if (gif != null) {
            gif.add(e.render());
        }
        double ret = 0;
        int len = 0;
        while (true) {
            Step<Object> s = e.step(policy.act(obs, deterministic));
            ret += s.reward();
            len++;
            obs = s.observation();
            if (gif != null) {
                gif.add(e.render());
            }
            if (s.terminated() || s.truncated() || len == maxLen) {
                return new double[] {ret, len};
            }
        }
    }

    /** Spinning Up's EpochLogger table: EpRet with std, max and min, and the average EpLen. */
    static void printTable(List<double[]> results, PrintStream out) {
        double[] rets = results.stream().mapToDouble(r -> r[0]).toArray();
        double[] lens = results.stream().mapToDouble(r -> r[1]).toArray();
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put("AverageEpRet", PlotData.mean(rets));
        rows.put("StdEpRet", PlotData.std(rets));
        rows.put("MaxEpRet", java.util.Arrays.stream(rets).max().orElse(Double.NaN));
        rows.put("MinEpRet", java.util.Arrays.stream(rets).min().orElse(Double.NaN));
        rows.put("EpLen", PlotData.mean(lens));
        int keyWidth =
                Math.max(15, rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        String dashes = "-".repeat(22 + keyWidth);
        out.println(dashes);
        rows.forEach(
                (k, v) ->
                        out.printf(
                                "| %" + keyWidth + "s | %15s |%n",
                                k,
                                String.format(Locale.ROOT, "%8s", formatG(v))));
        out.println(dashes);
        out.flush();
    }

    /** C's {@code %.3g}: three significant digits, trailing zeros dropped. */
    static String formatG(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 3) {
            String s = String.format(Locale.ROOT, "%.2e", rounded.doubleValue());
            String mantissa = s.substring(0, s.indexOf('e'));
            if (mantissa.contains(".")) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return mantissa + s.substring(s.indexOf('e'));
        }
        String plain = rounded.toPlainString();
        if (plain.contains(".")) {
            plain = plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return plain;
    }
}
