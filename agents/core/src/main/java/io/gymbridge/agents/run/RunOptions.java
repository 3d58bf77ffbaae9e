package io.gymbridge.agents.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link ExperimentGrid#run} launches its experiments: Spinning Up's {@code run_kwargs} ({@code
 * data_dir}, {@code datestamp}) plus the parts of a {@link io.gymbridge.agents.RunContext} that are
 * not hyperparameters.
 *
 * @param dataDir the base directory of the results (default {@code data} in the working directory)
 * @param datestamp put the date and time in the directory names
 * @param engine the DJL engine, {@code MXNet} (default) or {@code PyTorch}
 * @param progress let the algorithm show a live progress display
 * @param out where the list of experiments and the per-experiment lines go
 * @param clock the clock of the datestamps
 */
public record RunOptions(
        Path dataDir,
        boolean datestamp,
        String engine,
        boolean progress,
        PrintStream out,
        Clock clock) {

    /** The engines a run can use, by their DJL names. */
    public static final java.util.List<String> ENGINES = java.util.List.of("MXNet", "PyTorch");

    /** Checks the options; the engine name is matched without regard to case. */
    public RunOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        engine = canonicalEngine(engine);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(clock, "clock");
    }

    /** data_dir {@code data}, no datestamp, MXNet, progress on, System.out, the system clock. */
    public static RunOptions defaults() {
        return new RunOptions(
                LoggerKwargs.DEFAULT_DATA_DIR,
                false,
                "MXNet",
                true,
                System.out,
                Clock.systemDefaultZone());
    }

    /** These options with another base directory. */
    public RunOptions withDataDir(Path dir) {
        return new RunOptions(dir, datestamp, engine, progress, out, clock);
    }

    /** These options with datestamps on or off. */
    public RunOptions withDatestamp(boolean on) {
        return new RunOptions(dataDir, on, engine, progress, out, clock);
    }

    /** These options with another engine. */
    public RunOptions withEngine(String name) {
        return new RunOptions(dataDir, datestamp, name, progress, out, clock);
    }

    /** These options with the progress display on or off. */
    public RunOptions withProgress(boolean on) {
        return new RunOptions(dataDir, datestamp, engine, on, out, clock);
    }

    /** These options printing elsewhere. */
    public RunOptions withOut(PrintStream stream) {
        return new RunOptions(dataDir, datestamp, engine, progress, stream, clock);
    }

    /** These options with another clock (tests). */
    public RunOptions withClock(Clock c) {
        return new RunOptions(dataDir, datestamp, engine, progress, out, c);
    }

    /**
     * The DJL name of an engine given in any case.
     *
     * @throws IllegalArgumentException for an engine that is not MXNet or PyTorch
     */
    public static String canonicalEngine(String name) {
        for (String e : ENGINES) {
            if (e.toLowerCase(Locale.ROOT).equals(String.valueOf(name).toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("--engine must be MXNet or PyTorch, got " + name);
    }
}
