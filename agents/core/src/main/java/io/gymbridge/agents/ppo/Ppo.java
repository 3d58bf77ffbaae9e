package io.gymbridge.agents.ppo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.Adam;
import io.gymbridge.agents.common.AlgorithmSpec;
import io.gymbridge.agents.common.Checkpointer;
import io.gymbridge.agents.common.Checkpoints;
import io.gymbridge.agents.common.ConfigChecks;
import io.gymbridge.agents.common.Engines;
import io.gymbridge.agents.common.EpochLogger;
import io.gymbridge.agents.common.GaeBuffer;
import io.gymbridge.agents.common.MlpActorCritic.Batch;
import io.gymbridge.agents.common.Rng;
import io.gymbridge.agents.common.Rollout;
import io.gymbridge.agents.common.Runs;
import io.gymbridge.agents.common.Seeding;
import io.gymbridge.env.EnvException;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Proximal Policy Optimization, the clipped variant with early stopping on KL, as Spinning Up's
 * {@code ppo}: the on-policy algorithm to try first, for discrete or continuous actions.
 *
 * <p>Paper: Schulman et al. 2017, <a href="https://arxiv.org/abs/1707.06347">Proximal Policy
 * Optimization Algorithms</a>. Like TRPO it takes the biggest policy step the data supports without
 * collapsing performance, but with a first-order method: the clipped objective removes the
 * incentive to move the ratio pi/pi_old beyond [1 - eps, 1 + eps], and the updates stop early when
 * the mean KL from the old policy grows past 1.5 * target_kl.
 *
 * <p>Columns of progress.txt, as Spinning Up's: Epoch, EpRet (average, std, max, min), EpLen, VVals
 * (the same four), TotalEnvInteracts, LossPi, LossV, DeltaLossPi, DeltaLossV, Entropy, KL,
 * ClipFrac, StopIter, Time; and at the end StepsPerSecond, the epoch's steps over its wall time
 * (collection and update).
 *
 * <pre>
 * Algorithm PPO-Clip
 *  1: Input: initial policy parameters theta_0, initial value function parameters phi_0
 *  2: for k = 0, 1, 2, ... do
 *  3:   Collect set of trajectories D_k = {tau_i} by running policy pi_k = pi(theta_k) in the env
 *  4:   Compute rewards-to-go R_t
 *  5:   Compute advantage estimates A_t (GAE-lambda) based on the current value function V_phi_k
 *  6:   Update the policy by maximizing the PPO-Clip objective
 *         theta_k+1 = argmax_theta 1/(|D_k| T) sum_tau sum_t
 *                       min(pi_theta(a_t|s_t) / pi_theta_k(a_t|s_t) A_t, g(eps, A_t))
 *       typically via stochastic gradient ascent with Adam
 *  7:   Fit value function by regression on mean-squared error
 *         phi_k+1 = argmin_phi 1/(|D_k| T) sum_tau sum_t (V_phi(s_t) - R_t)^2
 *       typically via some gradient descent algorithm
 *  8: end for
 * </pre>
 *
 * Lines 3-5 are {@link Rollout#collect} and {@link GaeBuffer}; line 6 is the first loop of {@code
 * update} with {@link PpoActorCritic#computeLossPi}; line 7 the second with {@link
 * PpoActorCritic#computeLossV}.
 */
public final class Ppo {
    private Ppo() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "ppo";

    /** PPO as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, () -> Config.builder().build(), Ppo::train);

    /**
     * PPO's hyperparameters, with Spinning Up's names and defaults.
     *
     * @param acKwargs the networks: hidden sizes [64, 64], tanh
     * @param seed seed of the networks, the envs and the action sampling; 0
     * @param stepsPerEpoch env steps (state-action pairs) per epoch, over all envs; 4000
     * @param epochs number of epochs, each one policy update; 50
     * @param gamma discount factor, in [0, 1], usually 0.99
     * @param clipRatio eps: how far the ratio pi/pi_old may move and still profit, usually 0.1 to
     *     0.3; 0.2
     * @param piLr learning rate of the policy's Adam; 3e-4
     * @param vfLr learning rate of the value function's Adam; 1e-3
     * @param trainPiIters most policy gradient steps per epoch (early stopping may take fewer); 80
     * @param trainVIters value function gradient steps per epoch; 80
     * @param lam GAE lambda, in [0, 1], close to 1; 0.97
     * @param maxEpLen longest episode: longer ones are truncated (and bootstrapped); 1000
     * @param targetKl the KL between new and old policies thought appropriate: updates stop when
     *     the mean approximate KL exceeds 1.5 * target_kl; usually 0.01 to 0.05; 0.01
     * @param saveFreq a checkpoint every this many epochs, and at the last; 10
     * @param numEnvs envs stepped together, with one env call and one policy pass per step of all;
     *     steps_per_epoch stays the total; 1
     */
    public record Config(
            AcKwargs acKwargs,
            int seed,
            int stepsPerEpoch,
            int epochs,
            double gamma,
            double clipRatio,
            double piLr,
            double vfLr,
            int trainPiIters,
            @JsonProperty("train_v_iters") int trainVIters,
            double lam,
            int maxEpLen,
            double targetKl,
            int saveFreq,
            int numEnvs) {

        /** Validates every parameter, naming the wrong one. */
        public Config {
            ConfigChecks.notNull("ac_kwargs", acKwargs);
            ConfigChecks.positive("steps_per_epoch", stepsPerEpoch);
            ConfigChecks.positive("epochs", epochs);
            ConfigChecks.inRange("gamma", gamma, 0, 1);
            ConfigChecks.positive("clip_ratio", clipRatio);
            ConfigChecks.positive("pi_lr", piLr);
            ConfigChecks.positive("vf_lr", vfLr);
            ConfigChecks.nonNegative("train_pi_iters", trainPiIters);
            ConfigChecks.nonNegative("train_v_iters", trainVIters);
            ConfigChecks.inRange("lam", lam, 0, 1);
            ConfigChecks.positive("max_ep_len", maxEpLen);
            ConfigChecks.positive("target_kl", targetKl);
            ConfigChecks.positive("save_freq", saveFreq);
            ConfigChecks.positive("num_envs", numEnvs);
        }

        /** A builder starting from Spinning Up's defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder starting from this config. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.acKwargs = acKwargs;
            b.seed = seed;
            b.stepsPerEpoch = stepsPerEpoch;
            b.epochs = epochs;
            b.gamma = gamma;
            b.clipRatio = clipRatio;
            b.piLr = piLr;
            b.vfLr = vfLr;
            b.trainPiIters = trainPiIters;
            b.trainVIters = trainVIters;
            b.lam = lam;
            b.maxEpLen = maxEpLen;
            b.targetKl = targetKl;
            b.saveFreq = saveFreq;
            b.numEnvs = numEnvs;
            return b;
        }

        /** Builds a {@link Config}: {@code optX} sets a parameter, {@link #build} validates. */
        public static final class Builder {
            private AcKwargs acKwargs = AcKwargs.DEFAULT;
            private int seed = 0;
            private int stepsPerEpoch = 4000;
            private int epochs = 50;
            private double gamma = 0.99;
            private double clipRatio = 0.2;
            private double piLr = 3e-4;
            private double vfLr = 1e-3;
            private int trainPiIters = 80;
            private int trainVIters = 80;
            private double lam = 0.97;
            private int maxEpLen = 1000;
            private double targetKl = 0.01;
            private int saveFreq = 10;
            private int numEnvs = 1;

            private Builder() {}

            public Builder optAcKwargs(AcKwargs value) {
                acKwargs = value;
                return this;
            }

            public Builder optSeed(int value) {
                seed = value;
                return this;
            }

            public Builder optStepsPerEpoch(int value) {
                stepsPerEpoch = value;
                return this;
            }

            public Builder optEpochs(int value) {
                epochs = value;
                return this;
            }

            public Builder optGamma(double value) {
                gamma = value;
                return this;
            }

            public Builder optClipRatio(double value) {
                clipRatio = value;
                return this;
            }

            public Builder optPiLr(double value) {
                piLr = value;
                return this;
            }

            public Builder optVfLr(double value) {
                vfLr = value;
                return this;
            }

            public Builder optTrainPiIters(int value) {
                trainPiIters = value;
                return this;
            }

            public Builder optTrainVIters(int value) {
                trainVIters = value;
                return this;
            }

            public Builder optLam(double value) {
                lam = value;
                return this;
            }

            public Builder optMaxEpLen(int value) {
                maxEpLen = value;
                return this;
            }

            public Builder optTargetKl(double value) {
                targetKl = value;
                return this;
            }

            public Builder optSaveFreq(int value) {
                saveFreq = value;
                return this;
            }

            public Builder optNumEnvs(int value) {
                numEnvs = value;
                return this;
            }

            /**
             * The config.
             *
             * @throws IllegalArgumentException naming the parameter that is wrong
             */
            public Config build() {
                return new Config(
                        acKwargs,
                        seed,
                        stepsPerEpoch,
                        epochs,
                        gamma,
                        clipRatio,
                        piLr,
                        vfLr,
                        trainPiIters,
                        trainVIters,
                        lam,
                        maxEpLen,
                        targetKl,
                        saveFreq,
                        numEnvs);
            }
        }
    }

    /**
     * Trains PPO on {@code run.env()}, writing progress.txt, config.json and checkpoints into
     * {@code run.outputDir()}.
     *
     * @throws EnvException if the env fails; the last checkpoint stays intact
     * @throws IllegalArgumentException if the env's spaces are not ones PPO handles, or the run
     *     resumes without a checkpoint
     */
    public static void train(Config config, RunContext run) {
        Engine engine = Engines.get(run.engine());
        // 1. Logger and config; with --resume, the checkpoint to continue after
        OptionalInt resumeFrom = Runs.resumePoint(run);
        JsonNode configJson = Runs.configJson(NAME, config, run);
        try (EpochLogger logger = Runs.logger(run, resumeFrom, System.out)) {
            logger.saveConfig(configJson);

            // 2. Seeding: the engine, the envs (seed + i, re-seeded every epoch), action sampling
            Seeding.seedEngine(engine, config.seed());
            Rng rng = Seeding.actionRng(config.seed());

            // 3. Env: num_envs copies behind one vector env, in this process or on a server
            try (Rollout env = Rollout.open(run.env(), config.numEnvs());
                    NDManager manager = engine.newBaseManager()) {

                // 4. Actor-critic
                PpoActorCritic ac =
                        new PpoActorCritic(
                                manager,
                                env.observationSpace(),
                                env.actionSpace(),
                                config.acKwargs(),
                                Seeding.initRng(config.seed()));
                long[] counts = ac.parameterCounts();
                logger.log(
                        "\nNumber of parameters: \t pi: "
                                + counts[0]
                                + ", \t v: "
                                + counts[1]
                                + "\n");

                // 5. Buffer of one epoch, one trajectory in progress per env
                GaeBuffer buf =
                        new GaeBuffer(
                                ac.obsCodec().size(),
                                ac.actCodec().storedSize(),
                                config.stepsPerEpoch(),
                                config.gamma(),
                                config.lam(),
                                env.numEnvs());

                // 6. Losses: PpoActorCritic.computeLossPi (clipped surrogate), computeLossV (MSE)

                // 7. Optimizers
                Adam piOptimizer = new Adam(ac.piParameters(), config.piLr());
                Adam vfOptimizer = new Adam(ac.vParameters(), config.vfLr());

                // 8. Saving: a checkpoint every save_freq epochs and at the last; --resume
                // restores the latest and continues after its epoch
                Checkpointer saver =
                        new Checkpointer(
                                run,
                                NAME,
                                configJson,
                                env.spec(),
                                ac,
                                Map.of("pi", piOptimizer, "vf", vfOptimizer));
                Checkpoints.State from = saver.restoreOrStart(resumeFrom, rng);
                rng = Rng.restore(from.rngState());

                // 9. Update: see update() below

                // 10. Main loop: collect an epoch of experience, update, log, save
                long startTime = System.nanoTime();
                for (int epoch = from.epoch() + 1; epoch < config.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    try {
                        env.collect(
                                epoch,
                                config.epochs(),
                                Seeding.envSeed(config.seed(), epoch),
                                ac,
                                rng,
                                buf,
                                config.maxEpLen(),
                                logger);
                    } catch (EnvException e) {
                        throw Runs.envFailure(e, NAME, epoch, run.outputDir());
                    }

                    update(ac, buf, config, piOptimizer, vfOptimizer, logger);

                    double time = from.elapsedSeconds() + (System.nanoTime() - startTime) / 1e9;
                    long interacts = (long) (epoch + 1) * config.stepsPerEpoch();
                    logger.logTabular("Epoch", epoch);
                    logger.logTabular("EpRet", true, false);
                    logger.logTabular("EpLen", false, true);
                    logger.logTabular("VVals", true, false);
                    logger.logTabular("TotalEnvInteracts", interacts);
                    logger.logTabular("LossPi", false, true);
                    logger.logTabular("LossV", false, true);
                    logger.logTabular("DeltaLossPi", false, true);
                    logger.logTabular("DeltaLossV", false, true);
                    logger.logTabular("Entropy", false, true);
                    logger.logTabular("KL", false, true);
                    logger.logTabular("ClipFrac", false, true);
                    logger.logTabular("StopIter", false, true);
                    logger.logTabular("Time", time);
                    logger.logTabular(
                            "StepsPerSecond",
                            config.stepsPerEpoch() / ((System.nanoTime() - epochStart) / 1e9));
                    logger.dumpTabular();

                    if (epoch % config.saveFreq() == 0 || epoch == config.epochs() - 1) {
                        saver.save(epoch, interacts, time, rng);
                    }
                }
                logger.log(env.timeSummary());
            }
        }
    }

    /**
     * One PPO update on the epoch's data (pseudocode lines 6-7), storing LossPi, LossV, KL,
     * Entropy, ClipFrac, DeltaLossPi, DeltaLossV and StopIter as Spinning Up does.
     */
    @SuppressWarnings("try") // each NDScope closes the arrays made in its block
    private static void update(
            PpoActorCritic ac,
            GaeBuffer buf,
            Config config,
            Adam piOptimizer,
            Adam vfOptimizer,
            EpochLogger logger) {
        Engine engine = ac.manager().getEngine();
        // The epoch's data as NDArrays, built once and used by every gradient step.
        try (NDManager epochManager = ac.manager().newSubManager();
                Batch data = ac.batch(epochManager, buf.get())) {
            double piLossOld;
            double vLossOld;
            double entropy;
            try (NDScope scope = new NDScope()) {
                PpoActorCritic.LossPi before = ac.computeLossPi(data, config.clipRatio());
                piLossOld = before.loss().getFloat();
                entropy = before.entropy().getFloat();
                vLossOld = ac.computeLossV(data).getFloat();
            }

            // Policy: gradient steps on the clipped objective while the KL stays small
            double kl = 0;
            double piLoss = piLossOld;
            NDArray lastRatio = null;
            int stopIter = Math.max(0, config.trainPiIters() - 1);
            for (int i = 0; i < config.trainPiIters(); i++) {
                try (NDScope scope = new NDScope()) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        PpoActorCritic.LossPi loss = ac.computeLossPi(data, config.clipRatio());
                        kl = loss.approxKl(data).getFloat();
                        piLoss = loss.loss().getFloat();
                        NDScope.unregister(loss.ratio());
                        if (lastRatio != null) {
                            lastRatio.close();
                        }
                        lastRatio = loss.ratio();
                        if (kl > 1.5 * config.targetKl()) {
                            logger.log("Early stopping at step " + i + " due to reaching max kl.");
                            stopIter = i;
                            break;
                        }
                        gc.backward(loss.loss());
                    }
                    piOptimizer.step();
                }
            }
            double clipFrac = 0;
            if (lastRatio != null) {
                try (NDArray ratio = lastRatio;
                        NDArray fraction = PpoActorCritic.clipFraction(ratio, config.clipRatio())) {
                    clipFrac = fraction.getFloat();
                }
            }

            // Value function: gradient steps on the mean-squared error to the rewards-to-go
            double vLoss = vLossOld;
            for (int i = 0; i < config.trainVIters(); i++) {
                try (NDScope scope = new NDScope()) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray loss = ac.computeLossV(data);
                        if (i == config.trainVIters() - 1) {
                            vLoss = loss.getFloat();
                        }
                        gc.backward(loss);
                    }
                    vfOptimizer.step();
                }
            }
            ac.refreshFastPath();

            logger.store("LossPi", piLossOld);
            logger.store("LossV", vLossOld);
            logger.store("KL", kl);
            logger.store("Entropy", entropy);
            logger.store("ClipFrac", clipFrac);
            logger.store("DeltaLossPi", piLoss - piLossOld);
            logger.store("DeltaLossV", vLoss - vLossOld);
            logger.store("StopIter", stopIter);
        }
    }
}
