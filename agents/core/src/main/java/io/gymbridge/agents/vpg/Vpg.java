package io.gymbridge.agents.vpg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.AlgorithmSpec;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.config.Hp;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.nn.MlpActorCritic.Batch;
import io.gymbridge.agents.rollout.Rollout;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.seeding.Seeding;
import io.gymbridge.agents.session.RunSession;
import io.gymbridge.env.EnvException;
import java.util.Map;

/**
 * Vanilla Policy Gradient with GAE-lambda advantages, as Spinning Up's {@code vpg}: the simplest
 * policy gradient method, for discrete or continuous actions; a baseline more than a tool.
 *
 * <p>Papers: Sutton et al. 2000, <a
 * href="https://papers.nips.cc/paper/1713-policy-gradient-methods-for-reinforcement-learning-with-function-approximation.pdf">Policy
 * Gradient Methods for Reinforcement Learning with Function Approximation</a>; Schulman et al.
 * 2016, <a href="https://arxiv.org/abs/1506.02438">High Dimensional Continuous Control Using
 * Generalized Advantage Estimation</a>. It pushes up the log-probability of actions in proportion
 * to their advantage, one gradient step per epoch, so consecutive policies stay close in parameter
 * space (not in behaviour: a large step can collapse performance, which TRPO and PPO prevent).
 *
 * <p>Columns of progress.txt, as Spinning Up's: Epoch, EpRet (average, std, max, min), EpLen, VVals
 * (the same four), TotalEnvInteracts, LossPi, LossV, DeltaLossPi, DeltaLossV, Entropy, KL, Time;
 * and at the end StepsPerSecond, the epoch's steps over its wall time (collection and update).
 *
 * <pre>
 * Algorithm Vanilla Policy Gradient
 *  1: Input: initial policy parameters theta_0, initial value function parameters phi_0
 *  2: for k = 0, 1, 2, ... do
 *  3:   Collect set of trajectories D_k = {tau_i} by running policy pi_k = pi(theta_k) in the env
 *  4:   Compute rewards-to-go R_t
 *  5:   Compute advantage estimates A_t (GAE-lambda) based on the current value function V_phi_k
 *  6:   Estimate policy gradient as
 *         g_k = 1/|D_k| sum_tau sum_t grad_theta log pi_theta(a_t|s_t) |theta_k A_t
 *  7:   Compute policy update, either using standard gradient ascent,
 *         theta_k+1 = theta_k + alpha_k g_k,
 *       or via another gradient ascent algorithm like Adam
 *  8:   Fit value function by regression on mean-squared error
 *         phi_k+1 = argmin_phi 1/(|D_k| T) sum_tau sum_t (V_phi(s_t) - R_t)^2
 *       typically via some gradient descent algorithm
 *  9: end for
 * </pre>
 *
 * Lines 3-5 are {@link Rollout#collect} and {@link GaeBuffer}; lines 6-7 are one Adam step on
 * {@link VpgActorCritic#computeLossPi} in {@code update}; line 8 the loop on {@link
 * VpgActorCritic#computeLossV}.
 */
public final class Vpg {
    private Vpg() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "vpg";

    /** VPG as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, Vpg::train).withDefaultEngine("PyTorch");

    /**
     * VPG's hyperparameters, with Spinning Up's names and defaults. Each hyperparameter is declared
     * once, with its default, check and meaning ({@link Hp}).
     */
    public record Config(
            @Hp(doc = "the networks: hidden sizes [64, 64], tanh") AcKwargs acKwargs,
            @Hp(value = "0", doc = "seed of the networks, the envs and the action sampling")
                    int seed,
            @Hp(
                            value = "4000",
                            check = ">= 1",
                            doc = "env steps (state-action pairs) per epoch, over all envs")
                    int stepsPerEpoch,
            @Hp(value = "50", check = ">= 1", doc = "number of epochs, each one policy update")
                    int epochs,
            @Hp(value = "0.99", check = "[0, 1]", doc = "discount factor, in [0, 1], usually 0.99")
                    double gamma,
            @Hp(value = "3e-4", check = "> 0", doc = "learning rate of the policy's Adam")
                    double piLr,
            @Hp(value = "1e-3", check = "> 0", doc = "learning rate of the value function's Adam")
                    double vfLr,
            @Hp(value = "80", check = ">= 0", doc = "value function gradient steps per epoch")
                    @JsonProperty("train_v_iters")
                    int trainVIters,
            @Hp(value = "0.97", check = "[0, 1]", doc = "GAE lambda, in [0, 1], close to 1")
                    double lam,
            @Hp(
                            value = "1000",
                            check = ">= 1",
                            doc = "longest episode: longer ones are truncated (and bootstrapped)")
                    int maxEpLen,
            @Hp(
                            value = "10",
                            check = ">= 1",
                            doc = "a checkpoint every this many epochs, and at the last")
                    int saveFreq,
            @Hp(
                            value = "1",
                            check = ">= 1",
                            doc =
                                    "envs stepped together, with one env call and one policy pass per step of all; steps_per_epoch stays the total")
                    int numEnvs,
            @Hp(
                            value = "0",
                            check = ">= 0",
                            doc =
                                    "groups of envs stepped in turn, one on the env server while the learner computes the next group's actions; the same results as 1 (0: 2 for a remote env with num_envs >= 2, else 1)")
                    int envGroups)
            implements RunSession.Settings {}

    /**
     * Trains VPG on {@code run.env()}, writing progress.txt, config.json and checkpoints into
     * {@code run.outputDir()}.
     *
     * @throws EnvException if the env fails; the last checkpoint stays intact
     * @throws IllegalArgumentException if the env's spaces are not ones VPG handles, or the run
     *     resumes without a checkpoint
     */
    public static void train(Config config, RunContext run) {
        // 1. Logger and config (or --resume after the latest checkpoint)
        // 2. Seeding: the engine, the envs (seed + i, re-seeded every epoch), action sampling
        try (RunSession session = RunSession.open(NAME, config, run)) {
            EpochLogger logger = session.logger();

            // 3. Env: num_envs copies behind one vector env, in this process or on a server
            try (Rollout env =
                    Rollout.ofGroups(
                            session.makeVectorEnvGroups(config.numEnvs(), config.envGroups()))) {

                // 4. Actor-critic
                VpgActorCritic ac =
                        new VpgActorCritic(
                                session.manager(),
                                env.observationSpace(),
                                env.actionSpace(),
                                config.acKwargs(),
                                session.initRng());
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

                // 6. Losses: VpgActorCritic.computeLossPi (policy gradient), computeLossV (MSE)

                // 7. Optimizers
                Adam piOptimizer = new Adam(ac.piParameters(), config.piLr());
                Adam vfOptimizer = new Adam(ac.vParameters(), config.vfLr());

                // 8. Saving: a checkpoint every save_freq epochs and at the last; --resume
                // restores the latest and continues after its epoch
                session.restoreOrStart(
                        env.spec(), ac, Map.of("pi", piOptimizer, "vf", vfOptimizer));
                Rng rng = session.rng();

                // 9. Update: see update() below

                // 10. Main loop: collect an epoch of experience, update, log, save
                for (int epoch = session.firstEpoch(); epoch < config.epochs(); epoch++) {
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
                        throw session.stopped(e, epoch);
                    }

                    update(ac, buf, config, piOptimizer, vfOptimizer, logger);

                    double time = session.elapsedSeconds();
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
                    logger.logTabular("Time", time);
                    logger.logTabular(
                            "StepsPerSecond",
                            config.stepsPerEpoch() / ((System.nanoTime() - epochStart) / 1e9));
                    logger.dumpTabular();

                    session.saveIfDue(epoch, interacts, time);
                }
                logger.log(env.timeSummary());
            }
        }
    }

    /**
     * One VPG update on the epoch's data (pseudocode lines 6-8), storing LossPi, LossV, KL,
     * Entropy, DeltaLossPi and DeltaLossV.
     *
     * <p>Unlike Spinning Up's VPG, which logs KL and DeltaLossPi from the loss computed before its
     * single step (so they are always 0), these are measured after the step.
     */
    @SuppressWarnings("try") // each NDScope closes the arrays made in its block
    private static void update(
            VpgActorCritic ac,
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
                VpgActorCritic.LossPi before = ac.computeLossPi(data);
                piLossOld = before.loss().getFloat();
                entropy = before.entropy().getFloat();
                vLossOld = ac.computeLossV(data).getFloat();
            }

            // Policy: one gradient step (lines 6-7)
            try (NDScope scope = new NDScope()) {
                try (GradientCollector gc = engine.newGradientCollector()) {
                    gc.backward(ac.computeLossPi(data).loss());
                }
                piOptimizer.step();
            }
            double kl;
            double piLoss;
            try (NDScope scope = new NDScope()) {
                VpgActorCritic.LossPi after = ac.computeLossPi(data);
                kl = after.approxKl(data).getFloat();
                piLoss = after.loss().getFloat();
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
            ac.refreshActingCopy();

            logger.store("LossPi", piLossOld);
            logger.store("LossV", vLossOld);
            logger.store("KL", kl);
            logger.store("Entropy", entropy);
            logger.store("DeltaLossPi", piLoss - piLossOld);
            logger.store("DeltaLossV", vLoss - vLossOld);
        }
    }
}
