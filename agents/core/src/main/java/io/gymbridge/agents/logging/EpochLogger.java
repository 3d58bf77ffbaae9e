package io.gymbridge.agents.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spinning Up's {@code EpochLogger}: collects diagnostics during an epoch with {@link #store},
 * reduces them to statistics with {@link #logTabular}, and {@link #dumpTabular} writes the epoch's
 * row to {@code progress.txt} (tab-separated, header row first) and prints the aligned table to
 * stdout.
 *
 * <p>As in Spinning Up, the first epoch fixes the columns and their order; later epochs must log
 * the same keys. A stored key {@code K} becomes columns {@code AverageK}, {@code StdK} and, with
 * min and max, {@code MaxK}, {@code MinK}; or just {@code K} (its average) with {@code
 * averageOnly}. Numbers are written as Python's {@code str} writes them and printed as {@code
 * %8.3g}. When a run resumes, rows after the checkpoint's epoch are dropped and new rows are
 * appended under the existing header.
 */
public final class EpochLogger implements AutoCloseable {
    private final Path progressPath;
    private final PrintStream out;
    private final ProgressLine progress;
    private final List<String> headers = new ArrayList<>();
    private final Map<String, Object> currentRow = new HashMap<>();
    private final Map<String, Values> epochDict = new LinkedHashMap<>();
    private BufferedWriter file;
    private boolean firstRow = true;

    private EpochLogger(Path outputDir, PrintStream out, boolean progress) {
        this.progressPath = outputDir.resolve("progress.txt");
        this.out = out;
        this.progress =
                out == System.out ? ProgressLine.create(progress) : new ProgressLine(out, false);
    }

    /**
     * A logger for a new run writing {@code outputDir/progress.txt} (replacing any old one, as
     * Spinning Up does, with a warning).
     *
     * @param progress show a live progress line while an epoch runs (only on a terminal)
     */
    public static EpochLogger create(Path outputDir, PrintStream out, boolean progress) {
        EpochLogger logger = new EpochLogger(outputDir, out, progress);
        try {
            Files.createDirectories(outputDir);
            if (Files.exists(logger.progressPath)) {
                out.println(
                        "Warning: Log dir "
                                + outputDir
                                + " already exists! Storing info there anyway.");
            }
            logger.file = Files.newBufferedWriter(logger.progressPath, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logger.progressPath, e);
        }
        out.println("Logging data to " + logger.progressPath);
        return logger;
    }

    /**
     * A logger continuing a run whose last checkpoint is after epoch {@code lastEpoch}: keeps the
     * header and the rows up to that epoch, and appends from there.
     */
    public static EpochLogger resume(
            Path outputDir, int lastEpoch, PrintStream out, boolean progress) {
        EpochLogger logger = new EpochLogger(outputDir, out, progress);
        Path path = logger.progressPath;
        try {
            if (!Files.exists(path) || Files.size(path) == 0) {
                logger.file = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            } else {
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
                int epochColumn = header.indexOf("Epoch");
                List<String> kept = new ArrayList<>();
                kept.add(lines.get(0));
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split("\t", -1);
                    if (line.isBlank()
                            || (epochColumn >= 0
                                    && Double.parseDouble(cells[epochColumn]) > lastEpoch)) {
                        continue;
                    }
                    kept.add(line);
                }
                if (kept.size() != lines.size()) {
                    // epochs logged after the checkpoint will run again: drop their rows
                    Files.write(path, kept, StandardCharsets.UTF_8);
                }
                logger.headers.addAll(header);
                logger.firstRow = false;
                logger.file =
                        Files.newBufferedWriter(
                                path, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
        out.println("Logging data to " + path + " (resuming after epoch " + lastEpoch + ")");
        return logger;
    }

    /**
     * Spinning Up's {@code save_config}: writes {@code config.json} next to progress.txt and prints
     * it.
     */
    public void saveConfig(JsonNode config) {
        String json = PyFormat.json(config);
        try {
            Files.writeString(
                    progressPath.resolveSibling("config.json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write config.json", e);
        }
        out.println("Saving config:\n");
        out.println(json);
    }

    /** Prints a message, as Spinning Up's {@code logger.log}. */
    public void log(String message) {
        progress.clear();
        out.println(message);
    }

    /** Adds values of diagnostic {@code key} for this epoch. */
    public void store(String key, double... values) {
        epochDict.computeIfAbsent(key, k -> new Values()).add(values, values.length);
    }

    /** Stores float values (a batch of Q-values, say) under {@code key} for this epoch. */
    public void store(String key, float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        store(key, doubles);
    }

    /** Logs a value of the epoch directly (Epoch, TotalEnvInteracts, Time). */
    public void logTabular(String key, double value) {
        put(key, value);
    }

    /** Logs an integer of the epoch directly, printed without a decimal point. */
    public void logTabular(String key, long value) {
        put(key, value);
    }

    /**
     * Logs the statistics of the values stored under {@code key} this epoch, and forgets them.
     *
     * @param withMinAndMax also log {@code MaxKey} and {@code MinKey}
     * @param averageOnly log only the average, under {@code key} itself
     */
    public void logTabular(String key, boolean withMinAndMax, boolean averageOnly) {
        Values v = epochDict.getOrDefault(key, new Values());
        double[] stats = v.statistics();
        put(averageOnly ? key : "Average" + key, stats[0]);
        if (!averageOnly) {
            put("Std" + key, stats[1]);
        }
        if (withMinAndMax) {
            put("Max" + key, stats[3]);
            put("Min" + key, stats[2]);
        }
        epochDict.remove(key);
    }

    /**
     * The mean, standard deviation (population), min and max of the values stored under {@code key}
     * this epoch; NaN, NaN, +inf, -inf if there are none, as Spinning Up's {@code
     * mpi_statistics_scalar}.
     */
    public double[] statistics(String key) {
        return epochDict.getOrDefault(key, new Values()).statistics();
    }

    private void put(String key, Object value) {
        if (firstRow) {
            if (!headers.contains(key)) {
                headers.add(key);
            }
        } else if (!headers.contains(key)) {
            throw new IllegalStateException(
                    "Trying to introduce a new key "
                            + key
                            + " that you didn't include in the first iteration"
                            + (Files.exists(progressPath)
                                    ? " (columns of " + progressPath + ")"
                                    : ""));
        }
        if (currentRow.containsKey(key)) {
            throw new IllegalStateException(
                    "You already set "
                            + key
                            + " this iteration. Maybe you forgot to call dump_tabular()");
        }
        currentRow.put(key, value);
    }

    /** Writes the epoch's row to progress.txt and prints the table; starts a new row. */
    public void dumpTabular() {
        progress.clear();
        int maxKeyLen = 15;
        for (String key : headers) {
            maxKeyLen = Math.max(maxKeyLen, key.length());
        }
        String dashes = "-".repeat(22 + maxKeyLen);
        StringBuilder table = new StringBuilder(dashes).append('\n');
        List<String> cells = new ArrayList<>();
        for (String key : headers) {
            Object value = currentRow.get(key);
            String shown =
                    value instanceof Number n
                            ? PyFormat.g(n.doubleValue())
                            : value == null ? "" : value.toString();
            table.append("| ")
                    .append(PyFormat.pad(key, maxKeyLen))
                    .append(" | ")
                    .append(PyFormat.pad(shown, 15))
                    .append(" |\n");
            cells.add(
                    value instanceof Double d
                            ? PyFormat.repr(d)
                            : value == null ? "" : value.toString());
        }
        table.append(dashes);
        out.println(table);
        out.flush();
        try {
            if (firstRow) {
                file.write(String.join("\t", headers) + "\n");
            }
            file.write(String.join("\t", cells) + "\n");
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + progressPath, e);
        }
        currentRow.clear();
        firstRow = false;
    }

    /** Marks the start of an epoch's data collection, for the progress line. */
    public void startEpoch() {
        progress.startEpoch();
    }

    /** Updates the live progress line (a no-op unless enabled and on a terminal). */
    public void progress(int epoch, int epochs, int steps, int stepsPerEpoch) {
        progress.update(epoch, epochs, steps, stepsPerEpoch);
    }

    @Override
    public void close() {
        progress.clear();
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + progressPath, e);
        }
    }

    /** A growable array of one diagnostic's values. */
    private static final class Values {
        private double[] data = new double[64];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void add(double[] values, int n) {
            for (int i = 0; i < n; i++) {
                add(values[i]);
            }
        }

        double[] statistics() {
            if (size == 0) {
                return new double[] {
                    Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
                };
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                sum += data[i];
                min = Math.min(min, data[i]);
                max = Math.max(max, data[i]);
            }
            double mean = sum / size;
            double sq = 0;
            for (int i = 0; i < size; i++) {
                sq += (data[i] - mean) * (data[i] - mean);
            }
            return new double[] {mean, Math.sqrt(sq / size), min, max};
        }
    }
}
