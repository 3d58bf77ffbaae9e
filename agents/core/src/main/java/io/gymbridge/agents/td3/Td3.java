package io.gymbridge.agents.td3;

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
 * Twin Delayed DDPG, as Spinning Up's {@code td3}: DDPG made robust by three tricks; off-policy,
 * for continuous (Box) actions only.
 *
 * <p>Paper: Fujimoto et al. 2018, <a href="https://arxiv.org/abs/1802.09477">Addressing Function
 * Approximation Error in Actor-Critic Methods</a>. Clipped double-Q learning (the smaller of two
 * critics in the target) against Q overestimation; delayed policy updates (once per policy_delay Q
 * updates); target policy smoothing (clipped noise on the target action) so the policy cannot
 * exploit sharp peaks of Q. Use it where DDPG is unstable.
 *
 * <p>Actions, exploration noise and smoothing noise are in normalised units [-1, 1], mapped onto
 * the env's Box bounds as in {@code ddpg}. Columns of progress.txt, as Spinning Up's: Epoch, EpRet,
 * TestEpRet, EpLen, TestEpLen, TotalEnvInteracts, Q1Vals, Q2Vals, LossPi, LossQ, Time.
 *
 * <pre>
 * Algorithm TD3
 *  1: Input: initial policy parameters theta, Q-function parameters phi_1, phi_2, empty buffer D
 *  2: Set target parameters equal to main parameters
 *  3: repeat
 *  4:   Observe state s, select a = clip(mu_theta(s) + eps, a_Low, a_High), eps ~ N
 *  5:   Execute a; observe s', r, d (terminal, not time limit); store (s, a, r, s', d) in D
 *  6:   If s' is terminal, reset environment state
 *  7:   if it's time to update then
 *  8:     for j in range(however many updates) do
 *  9:       Randomly sample a batch B = {(s, a, r, s', d)} from D
 * 10:       a'(s') = clip(mu_theta_targ(s') + clip(eps, -c, c), a_Low, a_High), eps ~ N(0, sigma)
 * 11:       y(r, s', d) = r + gamma (1 - d) min_i Q_phi_targ,i(s', a'(s'))
 * 12:       Update both Q-functions by one step of gradient descent on (Q_phi_i(s, a) - y)^2
 * 13:       if j mod policy_delay = 0 then
 * 14:         Update policy by one step of gradient ascent on mean over B of Q_phi_1(s, mu(s))
 * 15:         Update target networks: targ = rho targ + (1 - rho) main
 * 16:       end if
 * 17:     end for
 * 18:   end if
 * 19: until convergence
 * </pre>
 *
 * Lines 4-6 are the main loop of {@code train}; 10 {@link Td3ActorCritic#smoothedTargetAction}; 11
 * {@link Td3ActorCritic#backup}; 12-15 {@code update}.
 */
public final class Td3 {
    private Td3() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "td3";

    /** TD3 as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, Td3::train).withDefaultEngine("PyTorch");

    /**
     * TD3's hyperparameters, with Spinning Up's names and defaults. Each hyperparameter is declared
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
            @Hp(value = "1e-3", check = "> 0", doc = "learning rate of the policy's Adam")
                    double piLr,
            @Hp(value = "1e-3", check = "> 0", doc = "learning rate of the Q-function's Adam")
                    double qLr,
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
                            value = "0.1",
                            check = ">= 0",
                            doc =
                                    "stddev of the Gaussian exploration noise, in normalised action units (a fraction of the Box's half-width); none at test time")
                    double actNoise,
            @Hp(
                            value = "0.2",
                            check = ">= 0",
                            doc =
                                    "stddev of the smoothing noise added to the target policy's action, in normalised units")
                    double targetNoise,
            @Hp(
                            value = "0.5",
                            check = ">= 0",
                            doc = "the smoothing noise is clipped to [-noise_clip, noise_clip]")
                    double noiseClip,
            @Hp(
                            value = "2",
                            check = ">= 1",
                            doc =
                                    "the policy and the targets are updated once per this many Q updates")
                    int policyDelay,
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
     * Trains TD3 on {@code run.env()}, writing progress.txt, config.json and checkpoints into
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

                // 4. Actor-critic: pi, Q1, Q2 and their targets (line 2)
                Td3ActorCritic ac =
                        new Td3ActorCritic(
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

                // 6. Losses: see update() below; 7. Optimizers (one for both critics)
                Adam piOptimizer = new Adam(ac.pi.parameters(), config.piLr());
                Adam qOptimizer = new Adam(ac.qParameters(), config.qLr());

                // 8. Saving: a checkpoint every save_freq epochs and at the last (networks,
                // targets, optimizers; the replay buffer in the latest only); --resume restores it
                session.restoreOrStart(
                        env.spec(),
                        Checkpointed.all(ac, buf),
                        Map.of("pi", piOptimizer, "q", qOptimizer),
                        ReplayBuffer.FILE);
                Rng rng = session.rng();

                // 9. Update: see update() below

                // 10. Main loop (lines 3-19)
                float[] o = new float[obsDim];
                float[] o2 = new float[obsDim];
                float[] a = new float[actDim];
                long t = (long) session.firstEpoch() * config.stepsPerEpoch();
                try {
                    long envSeed = session.envSeed();
                    obsCodec.encode(env.reset(envSeed).observation(), o, 0);
                    testEnv.reset(envSeed + 10_000L);
                    double epRet = 0;
                    int epLen = 0;
                    for (; t < totalSteps; t++) {
                        // line 4: uniform random actions until start_steps, then mu(s) + noise
                        if (t >= config.startSteps()) {
                            OffPolicyNetworks.explore(
                                    ac.actingCopy(), o, a, config.actNoise(), rng);
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
                                        j,
                                        config,
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
                            TestEpisodes.run(
                                    testEnv,
                                    obsCodec,
                                    scale,
                                    (ob, ab) ->
                                            OffPolicyNetworks.explore(testActor, ob, ab, 0, null),
                                    config.numTestEpisodes(),
                                    config.maxEpLen(),
                                    logger);
                            double time = session.elapsedSeconds();
                            logEpoch(logger, epoch, t + 1, time);
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
     * Update j of an update phase (lines 10-15): both critics every time; the policy and all
     * targets when {@code j % policy_delay == 0}. Stores LossQ, Q1Vals, Q2Vals, and LossPi when the
     * policy is updated.
     *
     * @return whether the policy and targets were updated
     */
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    static boolean update(
            Td3ActorCritic ac,
            ReplayBuffer.Batch b,
            int j,
            Config config,
            Adam piOptimizer,
            Adam qOptimizer,
            Rng rng,
            EpochLogger logger) {
        NDManager m = ac.pi.parameters().get(0).getArray().getManager();
        Engine engine = m.getEngine();
        try (NDScope scope = new NDScope()) {
            NDArray o = HostArrays.create(m, b.obs(), new Shape(b.size(), b.obsDim()));
            NDArray a = HostArrays.create(m, b.act(), new Shape(b.size(), b.actDim()));
            NDArray r = HostArrays.create(m, b.rew());
            NDArray o2 = HostArrays.create(m, b.obs2(), new Shape(b.size(), b.obsDim()));
            NDArray d = HostArrays.create(m, b.done());
            // lines 10-11, outside the gradient tape
            float[] eps = new float[b.size() * b.actDim()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) (config.targetNoise() * rng.nextGaussian());
            }
            NDArray a2 =
                    Td3ActorCritic.smoothedTargetAction(
                            OffPolicyNetworks.tanhAction(ac.piTarg, o2),
                            HostArrays.create(m, eps, new Shape(b.size(), b.actDim())),
                            config.noiseClip());
            NDArray y =
                    Td3ActorCritic.backup(
                            r,
                            d,
                            OffPolicyNetworks.qValue(ac.q1Targ, o2, a2),
                            OffPolicyNetworks.qValue(ac.q2Targ, o2, a2),
                            config.gamma());

            // line 12: both critics towards the shared target
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

            if (j % config.policyDelay() != 0) {
                return false;
            }
            // line 14: pi up the gradient of Q1, with the critics frozen
            ac.q1.setTrainable(false);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray lossPi =
                        OffPolicyNetworks.qValue(ac.q1, o, OffPolicyNetworks.tanhAction(ac.pi, o))
                                .mean()
                                .neg();
                gc.backward(lossPi);
                logger.store("LossPi", Diverged.check("LossPi", lossPi.getFloat()));
            }
            piOptimizer.step();
            ac.q1.setTrainable(true);

            // line 15: targets follow slowly
            ac.piTarg.polyakTowards(ac.pi, config.polyak());
            ac.q1Targ.polyakTowards(ac.q1, config.polyak());
            ac.q2Targ.polyakTowards(ac.q2, config.polyak());
            return true;
        }
    }

    private static void logEpoch(EpochLogger logger, int epoch, long interacts, double time) {
        logger.logTabular("Epoch", epoch);
        logger.logTabular("EpRet", true, false);
        logger.logTabular("TestEpRet", true, false);
        logger.logTabular("EpLen", false, true);
        logger.logTabular("TestEpLen", false, true);
        logger.logTabular("TotalEnvInteracts", interacts);
        logger.logTabular("Q1Vals", true, false);
        logger.logTabular("Q2Vals", true, false);
        logger.logTabular("LossPi", false, true);
        logger.logTabular("LossQ", false, true);
        logger.logTabular("Time", time);
        logger.dumpTabular();
    }
}
