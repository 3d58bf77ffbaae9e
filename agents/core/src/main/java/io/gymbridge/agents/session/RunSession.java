package io.gymbridge.agents.session;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.Diverged;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.checkpoints.Checkpointer;
import io.gymbridge.agents.checkpoints.Checkpoints;
import io.gymbridge.agents.djl.Engines;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.seeding.Seeding;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.vector.VectorEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One training run's life around the algorithm: the logger and config.json (a new run, or {@code
 * --resume} after the latest checkpoint), seeding, the engine and its array manager, the envs, the
 * checkpoints and the restored random state, the elapsed time, and failures reported with where
 * they happened. The training function keeps only the algorithm:
 *
 * <pre>{@code
 * try (RunSession session = RunSession.open(NAME, config, run)) {   // 1. logger, 2. seeding
 *     try (Env<Object, Object> env = session.makeEnv()) {           // 3. env
 *         ...                                                       // 4-7. networks, buffer, ...
 *         session.restoreOrStart(env.spec(), networks, optimizers); // 8. saving, --resume
 *         for (int epoch = session.firstEpoch(); epoch < config.epochs(); epoch++) {
 *             ...
 *             session.saveIfDue(epoch, interacts, time);
 *         }
 *     } catch (EnvException | Diverged e) {
 *         throw session.stopped(e, epoch);
 *     }
 * }
 * }</pre>
 */
public final class RunSession implements AutoCloseable {

    /** The settings every algorithm's config has; its record components implement them. */
    public interface Settings {
        /** Seed of the networks, the envs and the action sampling. */
        int seed();

        /** Number of epochs. */
        int epochs();

        /** A checkpoint every this many epochs, and at the last. */
        int saveFreq();
    }

    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final String algo;
    private final Settings settings;
    private final RunContext run;
    private final Engine engine;
    private final OptionalInt resumeFrom;
    private final JsonNode configJson;
    private final EpochLogger logger;
    private final NDManager manager;
    private Rng rng;
    private Checkpointer saver;
    private Checkpoints.State from;
    private long startNanos;

    private RunSession(
            String algo,
            Settings settings,
            RunContext run,
            Engine engine,
            OptionalInt resumeFrom,
            JsonNode configJson,
            EpochLogger logger) {
        this.algo = algo;
        this.settings = settings;
        this.run = run;
        this.engine = engine;
        this.resumeFrom = resumeFrom;
        this.configJson = configJson;
        this.logger = logger;
        // 2. Seeding: the engine; envs, action sampling and initial weights from the seed
        Seeding.seedEngine(engine, settings.seed());
        this.rng = Seeding.actionRng(settings.seed());
        this.manager = engine.newBaseManager();
    }

    /**
     * Starts a run of {@code algo}: 1. the logger and config.json (with {@code --resume}, the old
     * progress.txt continued after the latest checkpoint), 2. seeding.
     *
     * @param config the algorithm's config record
     * @throws IllegalArgumentException if the run resumes but has no checkpoint
     */
    public static <C extends Record & Settings> RunSession open(
            String algo, C config, RunContext run) {
        Engine engine = Engines.get(run.engine());
        OptionalInt resumeFrom = resumePoint(run);
        JsonNode configJson = configJson(algo, config, run);
        EpochLogger logger = logger(run, resumeFrom);
        try {
            logger.saveConfig(configJson);
            return new RunSession(algo, config, run, engine, resumeFrom, configJson, logger);
        } catch (RuntimeException e) {
            logger.close();
            throw e;
        }
    }

    /** The run's logger: progress.txt and the console. */
    public EpochLogger logger() {
        return logger;
    }

    /** The DJL engine the run trains on. */
    public Engine engine() {
        return engine;
    }

    /** The manager of the run's arrays (networks, optimizers); closed with the session. */
    public NDManager manager() {
        return manager;
    }

    /** The generator for the networks' initial weights (the same on every engine). */
    public Rng initRng() {
        return Seeding.initRng(settings.seed());
    }

    /**
     * The generator of action sampling, exploration and batches: seeded, and after {@link
     * #restoreOrStart} the checkpoint's state when resuming.
     */
    public Rng rng() {
        return rng;
    }

    /** A new env (the caller closes it): Spinning Up's {@code env_fn()}. */
    public Env<Object, Object> makeEnv() {
        return run.makeEnv();
    }

    /**
     * {@code numEnvs} envs as {@code groups} vector envs stepped in turn (the caller closes them):
     * {@code groups} 0 picks 2 for a remote env with at least 2 envs (one group on the server while
     * the learner works on the other), else 1. A remote env at num_envs 1 is told, once, on the
     * run's first lines, what more envs per call would give.
     *
     * @throws IllegalArgumentException if groups is above numEnvs
     */
    public List<VectorEnv<Object, Object>> makeVectorEnvGroups(int numEnvs, int groups) {
        boolean remote = run.remoteEnv();
        if (groups > numEnvs) {
            throw new IllegalArgumentException(
                    "env_groups (" + groups + ") must not exceed num_envs (" + numEnvs + ")");
        }
        if (remote && numEnvs == 1) {
            logger.log(REMOTE_ONE_ENV_NOTE);
        }
        int chosen = groups > 0 ? groups : remote && numEnvs >= 2 ? 2 : 1;
        return run.makeVectorEnvGroups(numEnvs, chosen);
    }

    /** What a run with a remote env at num_envs 1 is told; figures from docs/benchmarks.md. */
    static final String REMOTE_ONE_ENV_NOTE =
            "Note: the env is remote and num_envs is 1, so every env step waits for a round trip to"
                    + " the server, with nothing to do meanwhile. --num_envs 16 steps 16 envs per"
                    + " round trip, in two groups that take turns (one steps on the server while"
                    + " the policy acts for the other). Measured over loopback, PPO on CartPole-v1:"
                    + " 2.1x the in-process time at num_envs 1, 1.3x at 16, 5 epochs in a fresh"
                    + " process (docs/benchmarks.md, \"Remote training\"). More envs change the"
                    + " data each update sees: compare"
                    + " runs at the same num_envs.";

    /** {@code numEnvs} envs stepped together (the caller closes them). */
    public VectorEnv<Object, Object> makeVectorEnv(int numEnvs) {
        return run.makeVectorEnv(numEnvs);
    }

    /**
     * 8. Saving: checkpoints of {@code state} and {@code optimizers} (files named in {@code
     * latestOnly}, a replay buffer say, are kept in the latest checkpoint only); with {@code
     * --resume} restores the latest into them, with the random state. Starts the run's clock.
     */
    public void restoreOrStart(
            EnvSpec spec, Checkpointed state, Map<String, Adam> optimizers, String... latestOnly) {
        saver = new Checkpointer(run, algo, configJson, spec, state, optimizers);
        for (String file : latestOnly) {
            saver.keepInLatestOnly(file);
        }
        from = saver.restoreOrStart(resumeFrom, rng);
        rng = Rng.restore(from.rngState());
        startNanos = System.nanoTime();
    }

    /** The first epoch to train: 0, or the one after the restored checkpoint. */
    public int firstEpoch() {
        return started().epoch() + 1;
    }

    /** The base seed of the envs' first reset in {@link #firstEpoch} (env i adds i). */
    public long envSeed() {
        return Seeding.envSeed(settings.seed(), firstEpoch());
    }

    /** Seconds of training so far, those before a {@code --resume} included. */
    public double elapsedSeconds() {
        return started().elapsedSeconds() + (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Saves a checkpoint after {@code epoch} if it is due: every save_freq epochs and at the last.
     *
     * @param time the elapsed seconds logged for the epoch
     */
    public void saveIfDue(int epoch, long totalEnvInteracts, double time) {
        if (epoch % settings.saveFreq() == 0 || epoch == settings.epochs() - 1) {
            started();
            saver.save(epoch, totalEnvInteracts, time, rng);
        }
    }

    /**
     * The exception to stop the run with when {@code e} interrupted {@code epoch}: an env failure
     * or a divergence, of the same kind, saying where it happened and which checkpoint {@code
     * --resume} would continue from; anything else as it is.
     */
    public RuntimeException stopped(RuntimeException e, int epoch) {
        if (e instanceof EnvException ee) {
            return new EnvException(
                    ee.code(),
                    algo
                            + " stopped in epoch "
                            + epoch
                            + ": the env failed ("
                            + ee.description()
                            + "); "
                            + where(run.outputDir()),
                    ee);
        }
        if (e instanceof Diverged) {
            return new Diverged(
                    algo
                            + " diverged in epoch "
                            + epoch
                            + " ("
                            + e.getMessage()
                            + "); "
                            + where(run.outputDir()));
        }
        return e;
    }

    /** Closes the run's arrays and its logger. */
    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            logger.close();
        }
    }

    private Checkpoints.State started() {
        if (from == null) {
            throw new IllegalStateException("call restoreOrStart before the main loop");
        }
        return from;
    }

    /**
     * What {@code config.json} holds: the config record in snake_case, plus {@code exp_name},
     * {@code env_name} and {@code engine}, as Spinning Up's {@code save_config(locals())}, and
     * {@code algo}, the algorithm's name (for {@code run --resume}), unless the config has an
     * {@code algo} of its own (TRPO's {@code trpo} or {@code npg}).
     */
    static ObjectNode configJson(String algo, Record config, RunContext run) {
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
     */
    private static OptionalInt resumePoint(RunContext run) {
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
     * A new progress.txt, or the old one continued after the checkpoint. A new run in a directory
     * used before also removes the old run's checkpoints (as Spinning Up overwrites its saves), so
     * that neither {@code --resume} nor {@code test-policy} mixes the two runs.
     */
    private static EpochLogger logger(RunContext run, OptionalInt resumeFrom) {
        if (resumeFrom.isPresent()) {
            return EpochLogger.resume(
                    run.outputDir(), resumeFrom.getAsInt(), System.out, run.progress());
        }
        EpochLogger logger = EpochLogger.create(run.outputDir(), System.out, run.progress());
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
