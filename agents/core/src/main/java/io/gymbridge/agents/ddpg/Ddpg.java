package io.gymbridge.agents.ddpg;

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
 * Deep Deterministic Policy Gradient, as Spinning Up's {@code ddpg}: off-policy, for continuous
 * (Box) actions only; learns a Q-function by Bellman backups from a replay buffer and a
 * deterministic policy that maximises it.
 *
 * <p>Paper: Lillicrap et al. 2015, <a href="https://arxiv.org/abs/1509.02971">Continuous control
 * with deep reinforcement learning</a>. Sample-efficient but brittle; TD3 and SAC are its more
 * robust successors.
 *
 * <p>Actions are normalised: the actor outputs tanh values in [-1, 1], exploration noise ({@code
 * act_noise}) is added in those units, and {@link ActionScale} maps them onto the env's Box bounds
 * (for Pendulum-v1's [-2, 2], noise 0.1 is 0.2 torque units; Spinning Up adds it unscaled).
 *
 * <p>Columns of progress.txt, as Spinning Up's: Epoch, EpRet and TestEpRet (average, std, max,
 * min), EpLen, TestEpLen, TotalEnvInteracts, QVals (average, std, max, min), LossPi, LossQ, Time.
 *
 * <pre>
 * Algorithm DDPG
 *  1: Input: initial policy parameters theta, Q-function parameters phi, empty replay buffer D
 *  2: Set target parameters equal to main parameters theta_targ = theta, phi_targ = phi
 *  3: repeat
 *  4:   Observe state s, select a = clip(mu_theta(s) + eps, a_Low, a_High), eps ~ N
 *  5:   Execute a in the environment
 *  6:   Observe next state s', reward r, and done signal d (terminal, not time limit)
 *  7:   Store (s, a, r, s', d) in replay buffer D
 *  8:   If s' is terminal, reset environment state
 *  9:   if it's time to update then
 * 10:     for however many updates do
 * 11:       Randomly sample a batch of transitions B = {(s, a, r, s', d)} from D
 * 12:       Compute targets y(r, s', d) = r + gamma (1 - d) Q_phi_targ(s', mu_theta_targ(s'))
 * 13:       Update Q by one step of gradient descent on mean over B of (Q_phi(s, a) - y)^2
 * 14:       Update policy by one step of gradient ascent on mean over B of Q_phi(s, mu_theta(s))
 * 15:       Update target networks: targ = rho targ + (1 - rho) main
 * 16:     end for
 * 17:   end if
 * 18: until convergence
 * </pre>
 *
 * Lines 4-8 are the main loop of {@code train}; 11 is {@link ReplayBuffer#sample}; 12 {@link
 * DdpgActorCritic#backup}; 13-15 {@code update}.
 *
 * <p>Checkpoints (every save_freq epochs) hold the networks, their targets, both optimizers and, in
 * the latest, the replay buffer, so {@code --resume} continues where a run stopped, with fresh
 * episodes (an env's state cannot be saved); {@code policy.json} is the actor for test-policy.
 */
public final class Ddpg {
    private Ddpg() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "ddpg";

    /** DDPG as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, Ddpg::train).withDefaultEngine("PyTorch");

    /** Spinning Up's off-policy networks: two layers of 256 and ReLU. */

    /**
     * DDPG's hyperparameters, with Spinning Up's names and defaults. Each hyperparameter is
     * declared once, with its default, check and meaning ({@link Hp}).
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
     * Trains DDPG on {@code run.env()}, writing progress.txt, config.json and checkpoints into
     * {@code run.outputDir()}; with {@code run.resume()}, continues after the latest checkpoint.
     *
     * @throws EnvException if the env fails
     * @throws IllegalArgumentException if the action space is not a bounded 1-D Box
     */
    public static void train(Config config, RunContext run) {
        // 1. Logger and config (or --resume after the latest checkpoint)
        // 2. Seeding: the engine, the envs' first resets, exploration and batch sampling
        try (RunSession session = RunSession.open(NAME, config, run)) {
            EpochLogger logger = session.logger();

            // 3. Env, and a second one from the same target for the deterministic test episodes
            try (Env<Object, Object> env = session.makeEnv();
                    Env<Object, Object> testEnv = session.makeEnv()) {
                ActionScale scale = ActionScale.of(env.actionSpace(), NAME);
                SpaceCodec.Obs obsCodec = SpaceCodec.observation(env.observationSpace(), NAME);
                int obsDim = obsCodec.size();
                int actDim = scale.size();

                // 4. Actor-critic, with target networks equal to the main ones (line 2)
                DdpgActorCritic ac =
                        new DdpgActorCritic(
                                session.manager(),
                                obsCodec,
                                scale,
                                config.acKwargs(),
                                session.initRng());
                long[] counts = ac.parameterCounts();
                logger.log("\nNumber of parameters: \t pi: " + counts[0] + ", \t q: " + counts[1]);

                // 5. Replay buffer, no bigger than the whole run needs
                long totalSteps = (long) config.stepsPerEpoch() * config.epochs();
                ReplayBuffer buf =
                        new ReplayBuffer(
                                obsDim, actDim, (int) Math.min(config.replaySize(), totalSteps));
                logger.log(buf.describe());

                // 6. Losses: see update() below; 7. Optimizers
                Adam piOptimizer = new Adam(ac.pi.parameters(), config.piLr());
                Adam qOptimizer = new Adam(ac.q.parameters(), config.qLr());

                // 8. Saving: a checkpoint every save_freq epochs and at the last (networks,
                // targets, optimizers; the replay buffer in the latest only); --resume restores it
                session.restoreOrStart(
                        env.spec(),
                        Checkpointed.all(ac, buf),
                        Map.of("pi", piOptimizer, "q", qOptimizer),
                        ReplayBuffer.FILE);
                Rng rng = session.rng();

                // 9. Update: see update() below

                // 10. Main loop (lines 3-18): act, store, update every update_every steps
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
                        // done = terminated only: a time limit (truncated, or max_ep_len) is not
                        // a terminal state, so its backup still bootstraps from Q(s', mu(s'))
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
                                        piOptimizer,
                                        qOptimizer,
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
     * One gradient step of Q and pi and the target update (lines 12-15), storing LossQ, QVals and
     * LossPi.
     */
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    private static void update(
            DdpgActorCritic ac,
            ReplayBuffer.Batch b,
            Config config,
            Adam piOptimizer,
            Adam qOptimizer,
            EpochLogger logger) {
        NDManager m = ac.pi.parameters().get(0).getArray().getManager();
        Engine engine = m.getEngine();
        try (NDScope scope = new NDScope()) {
            NDArray o = HostArrays.create(m, b.obs(), new Shape(b.size(), b.obsDim()));
            NDArray a = HostArrays.create(m, b.act(), new Shape(b.size(), b.actDim()));
            NDArray r = HostArrays.create(m, b.rew());
            NDArray o2 = HostArrays.create(m, b.obs2(), new Shape(b.size(), b.obsDim()));
            NDArray d = HostArrays.create(m, b.done());
            // line 12: the target, outside the gradient tape (no gradient flows into it)
            NDArray qNext =
                    OffPolicyNetworks.qValue(
                            ac.qTarg, o2, OffPolicyNetworks.tanhAction(ac.piTarg, o2));
            NDArray y = OffPolicyNetworks.backup(r, d, qNext, config.gamma());

            // line 13: Q towards the target
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray q = OffPolicyNetworks.qValue(ac.q, o, a);
                NDArray lossQ = q.sub(y).square().mean();
                gc.backward(lossQ);
                logger.store("LossQ", Diverged.check("LossQ", lossQ.getFloat()));
                logger.store("QVals", q.toFloatArray());
            }
            qOptimizer.step();

            // line 14: pi up the gradient of Q, with Q frozen
            ac.q.setTrainable(false);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray lossPi =
                        OffPolicyNetworks.qValue(ac.q, o, OffPolicyNetworks.tanhAction(ac.pi, o))
                                .mean()
                                .neg();
                gc.backward(lossPi);
                logger.store("LossPi", Diverged.check("LossPi", lossPi.getFloat()));
            }
            piOptimizer.step();
            ac.q.setTrainable(true);

            // line 15: targets follow slowly
            ac.piTarg.polyakTowards(ac.pi, config.polyak());
            ac.qTarg.polyakTowards(ac.q, config.polyak());
        }
    }

    private static void logEpoch(EpochLogger logger, int epoch, long interacts, double time) {
        logger.logTabular("Epoch", epoch);
        logger.logTabular("EpRet", true, false);
        logger.logTabular("TestEpRet", true, false);
        logger.logTabular("EpLen", false, true);
        logger.logTabular("TestEpLen", false, true);
        logger.logTabular("TotalEnvInteracts", interacts);
        logger.logTabular("QVals", true, false);
        logger.logTabular("LossPi", false, true);
        logger.logTabular("LossQ", false, true);
        logger.logTabular("Time", time);
        logger.dumpTabular();
    }
}
