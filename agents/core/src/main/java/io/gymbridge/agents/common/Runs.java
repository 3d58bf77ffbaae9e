package io.gymbridge.agents.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.Diverged;
import io.gymbridge.agents.RunContext;
import io.gymbridge.env.EnvException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** The parts of a training run every algorithm sets up the same way: config, resume, failures. */
public final class Runs {
    private Runs() {}

    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * What {@code config.json} holds: the config record in snake_case, plus {@code exp_name},
     * {@code env_name} and {@code engine}, as Spinning Up's {@code save_config(locals())}, and
     * {@code algo}, the algorithm's name (for {@code run --resume}), unless the config has an
     * {@code algo} of its own (TRPO's {@code trpo} or {@code npg}, also a name in {@link
     * io.gymbridge.agents.Algorithms}).
     */
    public static ObjectNode configJson(String algo, Record config, RunContext run) {
        ObjectNode json = SNAKE.valueToTree(config);
        if (!json.has("algo")) {
            json.put("algo", algo);
        }
        json.put("exp_name", run.expName());
        json.put("env_name", run.env());
        json.put("engine", Engines.canonicalName(run.engine()));
        return json;
    }

    /**
     * The epoch of the checkpoint a run continues after: the latest in its output directory when it
     * resumes, empty for a fresh run.
     *
     * @throws IllegalArgumentException if the run resumes but has no checkpoint
     */
    public static OptionalInt resumePoint(RunContext run) {
        if (!run.resume()) {
            return OptionalInt.empty();
        }
        OptionalInt latest = Checkpoints.latest(run.outputDir());
        if (latest.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot resume: no checkpoint in " + run.outputDir().resolve("checkpoints"));
        }
        return latest;
    }

    /**
     * The run's logger: a new progress.txt, or the old one continued after the checkpoint. A new
     * run in a directory used before also removes the old run's checkpoints (as Spinning Up
     * overwrites its saves), so that neither {@code --resume} nor {@code test-policy} mixes the two
     * runs.
     */
    public static EpochLogger logger(RunContext run, OptionalInt resumeFrom, PrintStream out) {
        if (resumeFrom.isPresent()) {
            return EpochLogger.resume(run.outputDir(), resumeFrom.getAsInt(), out, run.progress());
        }
        EpochLogger logger = EpochLogger.create(run.outputDir(), out, run.progress());
        List<Integer> stale = Checkpoints.epochs(run.outputDir());
        if (!stale.isEmpty()) {
            logger.log(
                    "Warning: removing the "
                            + stale.size()
                            + " checkpoints of an earlier run in "
                            + run.outputDir().resolve("checkpoints"));
            Checkpoints.deleteAll(run.outputDir());
        }
        return logger;
    }

    /**
     * The exception to stop a run with when a loss went NaN or infinite in {@code epoch}: the same
     * kind, saying where and which checkpoint a {@code --resume} would continue from.
     */
    public static Diverged diverged(Diverged e, String algo, int epoch, Path outputDir) {
        return new Diverged(
                algo
                        + " diverged in epoch "
                        + epoch
                        + " ("
                        + e.getMessage()
                        + "); "
                        + where(outputDir));
    }

    /**
     * The exception to stop a run with when its env fails mid-epoch: the same code, a message
     * saying where training stopped and which checkpoint a {@code --resume} would continue from.
     */
    public static EnvException envFailure(EnvException e, String algo, int epoch, Path outputDir) {
        return new EnvException(
                e.code(),
                algo
                        + " stopped in epoch "
                        + epoch
                        + ": the env failed ("
                        + e.description()
                        + "); "
                        + where(outputDir),
                e);
    }

    private static String where(Path outputDir) {
        OptionalInt last = Checkpoints.latest(outputDir);
        return last.isPresent()
                ? "the last checkpoint, "
                        + Checkpoints.dir(outputDir, last.getAsInt())
                        + ", is intact; --resume continues after epoch "
                        + last.getAsInt()
                : "no checkpoint was saved yet";
    }
}
