package io.gymbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the plotter draws, computed without any drawing: Spinning Up's {@code plot.py} data
 * preparation. Log directories are found by prefix, every {@code progress.txt} below them is a run,
 * runs are grouped by the {@code exp_name} of their config.json (or one curve per run with {@code
 * --count}), each run is smoothed, and each group becomes a curve of the estimator (the mean) and
 * the standard deviation across its runs at every x value.
 */
final class PlotData {
    private PlotData() {}

    /** Spinning Up's {@code Performance}: whichever of these a run logged, the first one first. */
    static final String PERFORMANCE = "Performance";

    private static final List<String> PERFORMANCE_COLUMNS =
            List.of("AverageTestEpRet", "AverageEpRet");

    /** What the main line of a curve shows (Spinning Up's {@code --est}, a NumPy function). */
    enum Estimator {
        MEAN,
        MEDIAN,
        MAX,
        MIN;

        static Estimator parse(String name) {
            for (Estimator e : values()) {
                if (e.name().equalsIgnoreCase(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(
                    "--est must be mean, median, max or min, got " + name);
        }

        double apply(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return switch (this) {
                case MEAN -> mean(v);
                case MEDIAN ->
                        s.length % 2 == 1
                                ? s[s.length / 2]
                                : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
                case MAX -> s[s.length - 1];
                case MIN -> s[0];
            };
        }
    }

    /**
     * One run: a directory with a progress.txt.
     *
     * @param dir the directory
     * @param condition its group: the legend given for its log directory, else the exp_name of its
     *     config.json, else {@code exp}
     * @param countCondition its own curve's name under --count: condition-index
     * @param columns progress.txt's columns by name, NaN where a value is missing
     */
    record Run(Path dir, String condition, String countCondition, Map<String, double[]> columns) {}

    /**
     * One line of the chart with its band.
     *
     * @param label the legend entry
     * @param x the x values, ascending
     * @param y the estimator across runs at each x
     * @param std the standard deviation across runs at each x (NumPy's, ddof 0)
     * @param runs how many runs have a value at each x
     */
    record Curve(String label, double[] x, double[] y, double[] std, int[] runs) {}

    /**
     * Spinning Up's autocompletion: an existing directory written with a trailing '/' is used as it
     * is; otherwise the last path component is a prefix, and every directory next to it whose name
     * starts with it is used, in name order. Then only paths containing every {@code select} string
     * and no {@code exclude} string are kept.
     */
    static List<Path> logdirs(List<String> args, List<String> select, List<String> exclude) {
        LinkedHashSet<Path> out = new LinkedHashSet<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (arg.endsWith("/") && Files.isDirectory(path)) {
                out.add(path);
                continue;
            }
            Path base = path.getParent() != null ? path.getParent() : Path.of("");
            String prefix = path.getFileName() != null ? path.getFileName().toString() : "";
            Path listed = base.toString().isEmpty() ? Path.of(".") : base;
            if (!Files.isDirectory(listed)) {
                throw new IllegalArgumentException(
                        "no directory " + listed + " (from " + arg + ")");
            }
            List<Path> matches;
            try (Stream<Path> entries = Files.list(listed)) {
                matches =
                        entries.filter(Files::isDirectory)
                                .map(p -> p.getFileName().toString())
                                .filter(name -> name.startsWith(prefix))
                                .sorted()
                                .map(base::resolve)
                                .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (matches.isEmpty()) {
                throw new IllegalArgumentException(
                        "no directory in " + listed + " starts with '" + prefix + "'");
            }
            out.addAll(matches);
        }
        List<Path> kept = new ArrayList<>();
        for (Path p : out) {
            String s = p.toString();
            boolean selected = select == null || select.stream().allMatch(s::contains);
            boolean excluded = exclude != null && exclude.stream().anyMatch(s::contains);
            if (selected && !excluded) {
                kept.add(p);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(
                    "--select/--exclude left no log directory of " + out);
        }
        return kept;
    }

    /**
     * Reads every run below the log directories, in directory order.
     *
     * @param legend one name per log directory, or null to use each run's exp_name
     * @param warn where unreadable runs are reported (they are skipped, as Spinning Up does)
     */
    static List<Run> load(List<Path> logdirs, List<String> legend, PrintStream warn) {
        if (legend != null && legend.size() != logdirs.size()) {
            throw new IllegalArgumentException(
                    "-l: give one legend per log directory: "
                            + logdirs.size()
                            + " matched ("
                            + String.join(", ", logdirs.stream().map(Path::toString).toList())
                            + "), "
                            + legend.size()
                            + " given");
        }
        ObjectMapper json = new ObjectMapper();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < logdirs.size(); i++) {
            if (!Files.isDirectory(logdirs.get(i))) {
                continue;
            }
            List<Path> found;
            try (Stream<Path> walk = Files.walk(logdirs.get(i))) {
                found =
                        walk.filter(p -> p.getFileName().toString().equals("progress.txt"))
                                .filter(Files::isRegularFile)
                                .map(Path::getParent)
                                .sorted()
                                .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path dir : found) {
                String expName = null;
                try {
                    JsonNode config = json.readTree(dir.resolve("config.json").toFile());
                    if (config != null && config.path("exp_name").isTextual()) {
                        expName = config.get("exp_name").textValue();
                    }
                } catch (IOException e) {
                    warn.println("No config.json (or not JSON) in " + dir);
                }
                String condition =
                        legend != null ? legend.get(i) : expName != null ? expName : "exp";
                try {
                    Map<String, double[]> columns = readProgress(dir.resolve("progress.txt"));
                    runs.add(new Run(dir, condition, condition + "-" + runs.size(), columns));
                } catch (IOException | IllegalArgumentException e) {
                    warn.println(
                            "Could not read from "
                                    + dir.resolve("progress.txt")
                                    + ": "
                                    + e.getMessage());
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no progress.txt found under " + logdirs);
        }
        return runs;
    }

    /** A tab-separated progress.txt: a header line, then one line of numbers per epoch. */
    static Map<String, double[]> readProgress(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException("no header line");
        }
        String[] header = lines.get(0).strip().split("\t");
        List<String> rows =
                lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            double[] values = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                String[] cells = rows.get(r).split("\t", -1);
                values[r] = c < cells.length ? number(cells[c].strip()) : Double.NaN;
            }
            columns.put(header[c].strip(), values);
        }
        return columns;
    }

    private static double number(String cell) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan", "" -> {
                return Double.NaN;
            }
            case "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
    }

    /**
     * Spinning Up's smoothing: each point becomes the mean of the points in a window of {@code
     * window} points around it ({@code np.convolve(y, ones(window), 'same') / np.convolve(ones,
     * ones(window), 'same')}), so windows are cut at both ends; an even window reaches one point
     * further back than forward.
     */
    static double[] smooth(double[] y, int window) {
        if (window <= 1) {
            return y.clone();
        }
        int back = window - 1 - (window - 1) / 2;
        int forward = (window - 1) / 2;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            int n = 0;
            for (int k = Math.max(0, i - back); k <= Math.min(y.length - 1, i + forward); k++) {
                sum += y[k];
                n++;
            }
            out[i] = sum / n;
        }
        return out;
    }

    /**
     * The curves of one chart.
     *
     * @param value a progress.txt column, or {@link #PERFORMANCE}
     * @param count one curve per run instead of one per exp_name
     * @throws IllegalArgumentException naming the run that lacks a column
     */
    static List<Curve> curves(
            List<Run> runs, String xaxis, String value, boolean count, int smooth, Estimator est) {
        Map<String, TreeMap<Double, List<Double>>> groups = new LinkedHashMap<>();
        for (Run run : runs) {
            double[] x = column(run, xaxis, "-x");
            double[] y = smooth(column(run, value, "-y"), smooth);
            TreeMap<Double, List<Double>> byX =
                    groups.computeIfAbsent(
                            count ? run.countCondition() : run.condition(), k -> new TreeMap<>());
            for (int i = 0; i < x.length; i++) {
                if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                    byX.computeIfAbsent(x[i], k -> new ArrayList<>()).add(y[i]);
                }
            }
        }
        List<Curve> curves = new ArrayList<>();
        groups.forEach(
                (label, byX) -> {
                    int n = byX.size();
                    double[] xs = new double[n];
                    double[] ys = new double[n];
                    double[] sd = new double[n];
                    int[] counts = new int[n];
                    int i = 0;
                    for (var e : byX.entrySet()) {
                        double[] v =
                                e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                        xs[i] = e.getKey();
                        ys[i] = est.apply(v);
                        sd[i] = std(v);
                        counts[i] = v.length;
                        i++;
                    }
                    curves.add(new Curve(label, xs, ys, sd, counts));
                });
        return curves;
    }

    private static double[] column(Run run, String name, String flag) {
        if (name.equals(PERFORMANCE)) {
            for (String c : PERFORMANCE_COLUMNS) {
                if (run.columns().containsKey(c)) {
                    return run.columns().get(c);
                }
            }
            throw new IllegalArgumentException(
                    run.dir().resolve("progress.txt")
                            + " has neither AverageTestEpRet nor AverageEpRet for Performance;"
                            + " its columns: "
                            + String.join(", ", run.columns().keySet()));
        }
        double[] values = run.columns().get(name);
        if (values == null) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + name
                            + ": no such column in "
                            + run.dir().resolve("progress.txt")
                            + "; its columns: "
                            + String.join(", ", run.columns().keySet()));
        }
        return values;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The population standard deviation (NumPy's default). */
    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
