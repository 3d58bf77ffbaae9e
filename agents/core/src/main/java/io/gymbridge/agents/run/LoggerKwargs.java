package io.gymbridge.agents.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where one experiment's results go: Spinning Up's {@code setup_logger_kwargs}.
 *
 * <pre>
 * no seed, no datestamp:  data_dir/exp_name
 * seed:                   data_dir/exp_name/exp_name_s[seed]
 * seed and datestamp:     data_dir/YYYY-MM-DD_exp_name/YYYY-MM-DD_HH-MM-SS-exp_name_s[seed]
 * </pre>
 *
 * @param outputDir the run directory: progress.txt, config.json, checkpoints
 * @param expName the experiment name, for config.json and the plotter's legend
 */
public record LoggerKwargs(Path outputDir, String expName) {

    /**
     * Spinning Up's DEFAULT_DATA_DIR: {@code data}, relative to the working directory of the
     * process (the directory {@code ./gymbridge run} is started from).
     */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");

    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyy-MM-dd_");
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");

    /**
     * The output directory of an experiment.
     *
     * @param seed the run's seed, or null for no per-seed subfolder
     * @param dataDir the base directory, or null for {@link #DEFAULT_DATA_DIR}
     * @param datestamp prefix the folders with the date ({@code YYYY-MM-DD_}) and the run's folder
     *     with the date and time ({@code YYYY-MM-DD_HH-MM-SS-})
     * @param clock the time the datestamp shows, in the clock's zone
     */
    public static LoggerKwargs setup(
            String expName, Long seed, Path dataDir, boolean datestamp, Clock clock) {
        LocalDateTime now = LocalDateTime.now(clock);
        String ymd = datestamp ? YMD.format(now) : "";
        Path relpath = Path.of(ymd + expName);
        if (seed != null) {
            String subfolder =
                    datestamp
                            ? HMS.format(now) + "-" + expName + "_s" + seed
                            : expName + "_s" + seed;
            relpath = relpath.resolve(subfolder);
        }
        Path base = dataDir != null ? dataDir : DEFAULT_DATA_DIR;
        return new LoggerKwargs(base.resolve(relpath), expName);
    }
}
