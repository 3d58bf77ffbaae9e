package io.gymbridge.agents.sac;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.AlgorithmSpec;
import io.gymbridge.agents.Diverged;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.buffers.ReplayBuffer;
import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.config.Hp;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.nn.FastMlp;
import io.gymbridge.agents.nn.OffPolicyNetworks;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.rollout.TestEpisodes;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.session.RunSession;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Step;
import java.util.Map;

/**
 * Soft Actor-Critic, as Spinning Up's {@code sac}: off-policy maximum-entropy RL with a stochastic
 * (squashed Gaussian) policy, for continuous (Box) actions only.
 *
 * <p>Paper: Haarnoja et al. 2018, <a href="https://arxiv.org/abs/1801.01290">Soft Actor-Critic:
 * Off-Policy Maximum Entropy Deep Reinforcement Learning with a Stochastic Actor</a>. It maximises
 * return plus alpha times the policy's entropy, with TD3's clipped double-Q; usually the most
 * robust of the three off-policy algorithms. Optionally ({@code auto_alpha}) alpha is tuned towards
 * a target entropy of -dim(A), as in Haarnoja et al. 2018b.
 *
 * <p>Actions are in normalised units [-1, 1] (tanh), mapped onto the env's Box bounds as in {@code
 * ddpg}; test episodes act with tanh(mu(s)). Columns of progress.txt, as Spinning Up's: Epoch,
 * EpRet, TestEpRet, EpLen, TestEpLen, TotalEnvInteracts, Q1Vals, Q2Vals, LogPi, LossPi, LossQ,
 * Time; and Alpha with auto_alpha.
 *
 * <pre>
 * Algorithm SAC
 *  1: Input: initial policy parameters theta, Q-function parameters phi_1, phi_2, empty buffer D
 *  2: Set target parameters equal to main parameters phi_targ,i = phi_i
 *  3: repeat
 *  4:   Observe state s and select action a ~ pi_theta(.|s)
 *  5:   Execute a; observe s', r, d (terminal, not time limit); store (s, a, r, s', d) in D
 *  6:   If s' is terminal, reset environment state
 *  7:   if it's time to update then
 *  8:     for however many updates do
 *  9:       Randomly sample a batch B = {(s, a, r, s', d)} from D
 * 10:       y = r + gamma (1 - d) (min_i Q_phi_targ,i(s', a') - alpha log pi_theta(a'|s')),
 *             a' ~ pi_theta(.|s')
 * 11:       Update both Q-functions by one step of gradient descent on (Q_phi_i(s, a) - y)^2
 * 12:       Update policy by one step of gradient ascent on
 *             mean over B of (min_i Q_phi_i(s, a_theta(s)) - alpha log pi_theta(a_theta(s)|s)),
 *             a_theta(s) = tanh(mu_theta(s) + sigma_theta(s) eps), eps ~ N(0, I)
 * 13:       Update target networks: phi_targ,i = rho phi_targ,i + (1 - rho) phi_i
 * 14:     end for
 * 15:   end if
 * 16: until convergence
 * </pre>
 *
 * Lines 4-6 are the main loop of {@code train}; 10-13 {@code update}, with {@link
 * SacActorCritic#sample}.
 */
public final class Sac {
    private Sac() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "sac";

    /** SAC as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, Sac::train).withDefaultEngine("PyTorch");

    /**
     * SAC's hyperparameters, with Spinning Up's names and defaults. Each hyperparameter is declared
     * once, with its default, check and meaning ({@link Hp}).
     */
    public record Config(
            @Hp(
                            value = "{\"hidden_sizes\": [256, 256], \"activation\": \"relu\"}",
                            doc = "the networks: hidden sizes [256, 256], relu")
                    AcKwargs acKwargs,
            @Hp(value = "0", doc = "seed of the networks, the envs, exploration and batch sampling")
                    int seed,
            @Hp(value = "4000", check = ">= 1", doc = "env steps per epoch") int stepsPerEpoch,
            @Hp(value = "100", check = ">= 1", doc = "number of epochs") int epochs,
            @Hp(value = "1000000", check = ">= 1", doc = "most transitions the replay buffer keeps")
                    int replaySize,
            @Hp(value = "0.99", check = "[0, 1]", doc = "discount factor, in [0, 1]") double gamma,
            @Hp(
                            value = "0.995",
                            check = "[0, 1]",
                            doc =
                                    "rho of the target update targ = rho targ + (1 - rho) main, in [0, 1], close to 1")
                    double polyak,
            @Hp(
                            value = "1e-3",
                            check = "> 0",
                            doc =
                                    "learning rate of the policy's and the Q-functions' Adam (and alpha's)")
                    double lr,
            @Hp(
                            value = "0.2",
                            check = "> 0",
                            doc =
                                    "entropy regularisation coefficient: the trade-off between return and entropy, higher explores more; the initial value when auto_alpha")
                    double alpha,
            @Hp(
                            value = "false",
                            doc =
                                    "tune alpha automatically towards the target entropy -dim(A) (Haarnoja et al. 2018b); Spinning Up keeps it fixed")
                    boolean autoAlpha,
            @Hp(value = "100", check = ">= 1", doc = "transitions per gradient step") int batchSize,
            @Hp(
                            value = "10000",
                            check = ">= 0",
                            doc =
                                    "env steps of uniform random actions before the policy acts, for exploration")
                    int startSteps,
            @Hp(
                            value = "1000",
                            check = ">= 0",
                            doc =
                                    "env steps before the first update, so the buffer holds enough data")
                    int updateAfter,
            @Hp(
                            value = "50",
                            check = ">= 1",
                            doc =
                                    "env steps between update phases, each of as many gradient steps (the ratio stays 1)")
                    int updateEvery,
            @Hp(
                            value = "10",
                            check = ">= 0",
                            doc = "deterministic test episodes at the end of each epoch")
                    int numTestEpisodes,
            @Hp(
                            value = "1000",
                            check = ">= 1",
                            doc = "longest episode: longer ones are cut, and still bootstrapped")
                    int maxEpLen,
            @Hp(
                            value = "1",
                            check = ">= 1",
                            doc = "save the networks every this many epochs, and at the last")
                    int saveFreq)
            implements RunSession.Settings {}

    /**
     * Trains SAC on {@code run.env()}, writing progress.txt, config.json and checkpoints into
     * {@code run.outputDir()}; with {@code run.resume()}, continues after the latest checkpoint.
     *
     * @throws EnvException if the env fails
     * @throws IllegalArgumentException if the action space is not a bounded 1-D Box
     */
    public static void train(Config config, RunContext run) {
        // 1. Logger and config (or --resume after the latest checkpoint)
        // 2. Seeding: the engine, the env's first reset, all noise and batch sampling
        try (RunSession session = RunSession.open(NAME, config, run)) {
            EpochLogger logger = session.logger();

            // 3. Env, and a second one from the same target for the deterministic test episodes
            try (Env<Object, Object> env = session.makeEnv();
                    Env<Object, Object> testEnv = session.makeEnv()) {
                ActionScale scale = ActionScale.of(env.actionSpace(), NAME);
                SpaceCodec.Obs obsCodec = SpaceCodec.observation(env.observationSpace(), NAME);
                int obsDim = obsCodec.size();
                int actDim = scale.size();

                // 4. Actor-critic: pi, Q1, Q2 and the critics' targets (line 2)
                SacActorCritic ac =
                        new SacActorCritic(
                                session.manager(),
                                obsCodec,
                                scale,
                                config.acKwargs(),
                                session.initRng());
                long[] counts = ac.parameterCounts();
                logger.log(
                        "\nNumber of parameters: \t pi: " + counts[0] + ", \t q1+q2: " + counts[1]);

                // 5. Replay buffer, no bigger than the whole run needs
                long totalSteps = (long) config.stepsPerEpoch() * config.epochs();
                ReplayBuffer buf =
                        new ReplayBuffer(
                                obsDim, actDim, (int) Math.min(config.replaySize(), totalSteps));
                logger.log(buf.describe());

                // 6. Losses: see update() below; 7. Optimizers (one for both critics), and alpha
                Adam piOptimizer = new Adam(ac.pi.parameters(), config.lr());
                Adam qOptimizer = new Adam(ac.qParameters(), config.lr());
                SacActorCritic.Temperature alpha =
                        new SacActorCritic.Temperature(config.alpha(), config.lr(), -actDim);

                // 8. Saving: a checkpoint every save_freq epochs and at the last (networks,
                // targets, optimizers; the replay buffer in the latest only); --resume restores it
                session.restoreOrStart(
                        env.spec(),
                        Checkpointed.all(ac, buf, alpha),
                        Map.of("pi", piOptimizer, "q", qOptimizer),
                        ReplayBuffer.FILE);
                Rng rng = session.rng();

                // 9. Update: see update() below

                // 10. Main loop (lines 3-16)
                float[] o = new float[obsDim];
                float[] o2 = new float[obsDim];
                float[] a = new float[actDim];
                float[] piOut = new float[2 * actDim];
                long t = (long) session.firstEpoch() * config.stepsPerEpoch();
                try {
                    long envSeed = session.envSeed();
                    obsCodec.encode(env.reset(envSeed).observation(), o, 0);
                    testEnv.reset(envSeed + 10_000L);
                    double epRet = 0;
                    int epLen = 0;
                    for (; t < totalSteps; t++) {
                        // line 4: uniform random actions until start_steps, then a ~ pi(.|s)
                        if (t >= config.startSteps()) {
                            SacActorCritic.act(ac.actingCopy(), o, piOut, a, false, rng);
                        } else {
                            ActionScale.uniform(a, rng);
                        }
                        Step<Object> s = env.step(scale.envAction(a));
                        obsCodec.encode(s.observation(), o2, 0);
                        epRet += s.reward();
                        epLen++;
                        // done = terminated only: a time limit is not a terminal state, so its
                        // backup still bootstraps
                        buf.store(o, a, s.reward(), o2, s.terminated());
                        System.arraycopy(o2, 0, o, 0, obsDim);
                        if (s.terminated() || s.truncated() || epLen == config.maxEpLen()) {
                            logger.store("EpRet", epRet);
                            logger.store("EpLen", epLen);
                            obsCodec.encode(env.reset().observation(), o, 0);
                            epRet = 0;
                            epLen = 0;
                        }
                        if (t >= config.updateAfter() && t % config.updateEvery() == 0) {
                            for (int j = 0; j < config.updateEvery(); j++) {
                                update(
                                        ac,
                                        buf.sample(config.batchSize(), rng),
                                        config,
                                        alpha,
                                        piOptimizer,
                                        qOptimizer,
                                        rng,
                                        logger);
                            }
                            ac.refreshActingCopy();
                        }
                        if ((t + 1) % config.stepsPerEpoch() == 0) {
                            int epoch = (int) ((t + 1) / config.stepsPerEpoch()) - 1;
                            FastMlp testActor = ac.actingCopy();
                            float[] testOut = new float[2 * actDim];
                            TestEpisodes.run(
                                    testEnv,
                                    obsCodec,
                                    scale,
                                    (ob, ac2) ->
                                            SacActorCritic.act(
                                                    testActor, ob, testOut, ac2, true, null),
                                    config.numTestEpisodes(),
                                    config.maxEpLen(),
                                    logger);
                            double time = session.elapsedSeconds();
                            logEpoch(logger, epoch, t + 1, time, config.autoAlpha() ? alpha : null);
                            session.saveIfDue(epoch, t + 1, time);
                        }
                    }
                } catch (EnvException | Diverged e) {
                    throw session.stopped(e, (int) (t / config.stepsPerEpoch()));
                }
            }
        }
    }

    /**
     * One update (lines 10-13), storing LossQ, Q1Vals, Q2Vals, SacActorCritic.LossPi and LogPi;
     * with auto_alpha also one step of alpha.
     */
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    static void update(
            SacActorCritic ac,
            ReplayBuffer.Batch b,
            Config config,
            SacActorCritic.Temperature alpha,
            Adam piOptimizer,
            Adam qOptimizer,
            Rng rng,
            EpochLogger logger) {
        NDManager m = ac.pi.parameters().get(0).getArray().getManager();
        Engine engine = m.getEngine();
        int n = b.size();
        try (NDScope scope = new NDScope()) {
            NDArray o = HostArrays.create(m, b.obs(), new Shape(n, b.obsDim()));
            NDArray a = HostArrays.create(m, b.act(), new Shape(n, b.actDim()));
            NDArray r = HostArrays.create(m, b.rew());
            NDArray o2 = HostArrays.create(m, b.obs2(), new Shape(n, b.obsDim()));
            NDArray d = HostArrays.create(m, b.done());
            // line 10, outside the gradient tape: a' from the current policy, not a target one
            SacActorCritic.Sample next =
                    SacActorCritic.sample(
                            ac.pi.forward(o2),
                            SacActorCritic.gaussian(rng, n * ac.actDim),
                            ac.actDim);
            NDArray y = ac.backup(r, d, o2, next, alpha.value(), config.gamma());

            // line 11: both critics towards the shared target
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray q1 = OffPolicyNetworks.qValue(ac.q1, o, a);
                NDArray q2 = OffPolicyNetworks.qValue(ac.q2, o, a);
                NDArray lossQ = q1.sub(y).square().mean().add(q2.sub(y).square().mean());
                gc.backward(lossQ);
                logger.store("LossQ", Diverged.check("LossQ", lossQ.getFloat()));
                logger.store("Q1Vals", q1.toFloatArray());
                logger.store("Q2Vals", q2.toFloatArray());
            }
            qOptimizer.step();

            // line 12: the policy, through the reparameterised sample, with the critics frozen
            ac.q1.setTrainable(false);
            ac.q2.setTrainable(false);
            float[] logPi;
            try (GradientCollector gc = engine.newGradientCollector()) {
                SacActorCritic.LossPi pi =
                        ac.lossPi(o, SacActorCritic.gaussian(rng, n * ac.actDim), alpha.value());
                gc.backward(pi.loss());
                logPi = pi.logp().toFloatArray();
                logger.store("LossPi", Diverged.check("LossPi", pi.loss().getFloat()));
                logger.store("LogPi", logPi);
            }
            piOptimizer.step();
            ac.q1.setTrainable(true);
            ac.q2.setTrainable(true);
            if (config.autoAlpha()) {
                alpha.step(logPi);
            }

            // line 13: the critics' targets follow slowly
            ac.q1Targ.polyakTowards(ac.q1, config.polyak());
            ac.q2Targ.polyakTowards(ac.q2, config.polyak());
        }
    }

    /** Logs the epoch's row; Alpha too when it is tuned ({@code alpha} not null). */
    private static void logEpoch(
            EpochLogger logger,
            int epoch,
            long interacts,
            double time,
            SacActorCritic.Temperature alpha) {
        logger.logTabular("Epoch", epoch);
        logger.logTabular("EpRet", true, false);
        logger.logTabular("TestEpRet", true, false);
        logger.logTabular("EpLen", false, true);
        logger.logTabular("TestEpLen", false, true);
        logger.logTabular("TotalEnvInteracts", interacts);
        logger.logTabular("Q1Vals", true, false);
        logger.logTabular("Q2Vals", true, false);
        logger.logTabular("LogPi", true, false);
        logger.logTabular("LossPi", false, true);
        logger.logTabular("LossQ", false, true);
        if (alpha != null) {
            logger.logTabular("Alpha", alpha.value());
        }
        logger.logTabular("Time", time);
        logger.dumpTabular();
    }
}
