package io.gymbridge.agents.ddpg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.Diverged;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.ActionScale;
import io.gymbridge.agents.common.Adam;
import io.gymbridge.agents.common.AlgorithmSpec;
import io.gymbridge.agents.common.Checkpointed;
import io.gymbridge.agents.common.Checkpointer;
import io.gymbridge.agents.common.Checkpoints;
import io.gymbridge.agents.common.ConfigChecks;
import io.gymbridge.agents.common.Engines;
import io.gymbridge.agents.common.EpochLogger;
import io.gymbridge.agents.common.FastMlp;
import io.gymbridge.agents.common.HostArrays;
import io.gymbridge.agents.common.ReplayBuffer;
import io.gymbridge.agents.common.Rng;
import io.gymbridge.agents.common.Runs;
import io.gymbridge.agents.common.Seeding;
import io.gymbridge.agents.common.SpaceCodec;
import io.gymbridge.agents.common.TestEpisodes;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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
            new AlgorithmSpec<>(NAME, Config.class, () -> Config.builder().build(), Ddpg::train);

    /** Spinning Up's off-policy networks: two layers of 256 and ReLU. */
    public static final AcKwargs OFF_POLICY_AC_KWARGS = new AcKwargs(List.of(256, 256), "relu");

    /**
     * DDPG's hyperparameters, with Spinning Up's names and defaults.
     *
     * @param acKwargs the networks: hidden sizes [256, 256], relu
     * @param seed seed of the networks, the envs, exploration and batch sampling; 0
     * @param stepsPerEpoch env steps per epoch; 4000
     * @param epochs number of epochs; 100
     * @param replaySize most transitions the replay buffer keeps; 1000000
     * @param gamma discount factor, in [0, 1]; 0.99
     * @param polyak rho of the target update targ = rho targ + (1 - rho) main, in [0, 1], close to
     *     1; 0.995
     * @param piLr learning rate of the policy's Adam; 1e-3
     * @param qLr learning rate of the Q-function's Adam; 1e-3
     * @param batchSize transitions per gradient step; 100
     * @param startSteps env steps of uniform random actions before the policy acts, for
     *     exploration; 10000
     * @param updateAfter env steps before the first update, so the buffer holds enough data; 1000
     * @param updateEvery env steps between update phases, each of as many gradient steps (the ratio
     *     stays 1); 50
     * @param actNoise stddev of the Gaussian exploration noise, in normalised action units (a
     *     fraction of the Box's half-width); none at test time; 0.1
     * @param numTestEpisodes deterministic test episodes at the end of each epoch; 10
     * @param maxEpLen longest episode: longer ones are cut, and still bootstrapped; 1000
     * @param saveFreq save the networks every this many epochs, and at the last; 1
     */
    public record Config(
            AcKwargs acKwargs,
            int seed,
            int stepsPerEpoch,
            int epochs,
            int replaySize,
            double gamma,
            double polyak,
            double piLr,
            double qLr,
            int batchSize,
            int startSteps,
            int updateAfter,
            int updateEvery,
            double actNoise,
            int numTestEpisodes,
            int maxEpLen,
            int saveFreq) {

        /** Validates every parameter, naming the wrong one. */
        public Config {
            ConfigChecks.notNull("ac_kwargs", acKwargs);
            ConfigChecks.positive("steps_per_epoch", stepsPerEpoch);
            ConfigChecks.positive("epochs", epochs);
            ConfigChecks.positive("replay_size", replaySize);
            ConfigChecks.inRange("gamma", gamma, 0, 1);
            ConfigChecks.inRange("polyak", polyak, 0, 1);
            ConfigChecks.positive("pi_lr", piLr);
            ConfigChecks.positive("q_lr", qLr);
            ConfigChecks.positive("batch_size", batchSize);
            ConfigChecks.nonNegative("start_steps", startSteps);
            ConfigChecks.nonNegative("update_after", updateAfter);
            ConfigChecks.positive("update_every", updateEvery);
            ConfigChecks.inRange("act_noise", actNoise, 0, Double.MAX_VALUE);
            ConfigChecks.nonNegative("num_test_episodes", numTestEpisodes);
            ConfigChecks.positive("max_ep_len", maxEpLen);
            ConfigChecks.positive("save_freq", saveFreq);
        }

        /** A builder starting from Spinning Up's defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Config}: {@code optX} sets a parameter, {@link #build} validates. */
        public static final class Builder {
            private AcKwargs acKwargs = OFF_POLICY_AC_KWARGS;
            private int seed = 0;
            private int stepsPerEpoch = 4000;
            private int epochs = 100;
            private int replaySize = 1_000_000;
            private double gamma = 0.99;
            private double polyak = 0.995;
            private double piLr = 1e-3;
            private double qLr = 1e-3;
            private int batchSize = 100;
            private int startSteps = 10000;
            private int updateAfter = 1000;
            private int updateEvery = 50;
            private double actNoise = 0.1;
            private int numTestEpisodes = 10;
            private int maxEpLen = 1000;
            private int saveFreq = 1;

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

            public Builder optReplaySize(int value) {
                replaySize = value;
                return this;
            }

            public Builder optGamma(double value) {
                gamma = value;
                return this;
            }

            public Builder optPolyak(double value) {
                polyak = value;
                return this;
            }

            public Builder optPiLr(double value) {
                piLr = value;
                return this;
            }

            public Builder optQLr(double value) {
                qLr = value;
                return this;
            }

            public Builder optBatchSize(int value) {
                batchSize = value;
                return this;
            }

            public Builder optStartSteps(int value) {
                startSteps = value;
                return this;
            }

            public Builder optUpdateAfter(int value) {
                updateAfter = value;
                return this;
            }

            public Builder optUpdateEvery(int value) {
                updateEvery = value;
                return this;
            }

            public Builder optActNoise(double value) {
                actNoise = value;
                return this;
            }

            public Builder optNumTestEpisodes(int value) {
                numTestEpisodes = value;
                return this;
            }

            public Builder optMaxEpLen(int value) {
                maxEpLen = value;
                return this;
            }

            public Builder optSaveFreq(int value) {
                saveFreq = value;
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
                        replaySize,
                        gamma,
                        polyak,
                        piLr,
                        qLr,
                        batchSize,
                        startSteps,
                        updateAfter,
                        updateEvery,
                        actNoise,
                        numTestEpisodes,
                        maxEpLen,
                        saveFreq);
            }
        }
    }

    /**
     * Trains DDPG on {@code run.env()}, writing progress.txt, config.json and checkpoints into
     * {@code run.outputDir()}; with {@code run.resume()}, continues after the latest checkpoint.
     *
     * @throws EnvException if the env fails
     * @throws IllegalArgumentException if the action space is not a bounded 1-D Box
     */
    public static void train(Config config, RunContext run) {
        Engine engine = Engines.get(run.engine());
        // 1. Logger and config: a new run, or --resume after the latest checkpoint
        OptionalInt resumeFrom = Runs.resumePoint(run);
        JsonNode configJson = Runs.configJson(NAME, config, run);
        try (EpochLogger logger = Runs.logger(run, resumeFrom, System.out)) {
            logger.saveConfig(configJson);

            // 2. Seeding: the engine, the envs' first resets, exploration and batch sampling
            Seeding.seedEngine(engine, config.seed());
            Rng rng = Seeding.actionRng(config.seed());

            // 3. Env, and a second one from the same target for the deterministic test episodes
            try (Env<Object, Object> env = Envs.make(run.env());
                    Env<Object, Object> testEnv = Envs.make(run.env());
                    NDManager manager = engine.newBaseManager()) {
                ActionScale scale = ActionScale.of(env.actionSpace(), NAME);
                SpaceCodec.Obs obsCodec = SpaceCodec.observation(env.observationSpace(), NAME);
                int obsDim = obsCodec.size();
                int actDim = scale.size();

                // 4. Actor-critic, with target networks equal to the main ones (line 2)
                DdpgActorCritic ac =
                        new DdpgActorCritic(
                                manager,
                                obsCodec,
                                scale,
                                config.acKwargs(),
                                Seeding.initRng(config.seed()));
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
                Checkpointer saver =
                        new Checkpointer(
                                        run,
                                        NAME,
                                        configJson,
                                        env.spec(),
                                        Checkpointed.all(ac, buf),
                                        Map.of("pi", piOptimizer, "q", qOptimizer))
                                .keepInLatestOnly(ReplayBuffer.FILE);
                Checkpoints.State from = saver.restoreOrStart(resumeFrom, rng);
                rng = Rng.restore(from.rngState());

                // 9. Update: see update() below

                // 10. Main loop (lines 3-18): act, store, update every update_every steps
                FastMlp actor = ac.pi.toFast();
                float[] o = new float[obsDim];
                float[] o2 = new float[obsDim];
                float[] a = new float[actDim];
                long startTime = System.nanoTime();
                long t = (from.epoch() + 1L) * config.stepsPerEpoch();
                try {
                    long envSeed = Seeding.envSeed(config.seed(), from.epoch() + 1);
                    obsCodec.encode(env.reset(envSeed).observation(), o, 0);
                    testEnv.reset(envSeed + 10_000L);
                    double epRet = 0;
                    int epLen = 0;
                    for (; t < totalSteps; t++) {
                        // line 4: uniform random actions until start_steps, then mu(s) + noise
                        if (t >= config.startSteps()) {
                            act(actor, o, a, config.actNoise(), rng);
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
                            actor = ac.pi.toFast();
                        }
                        if ((t + 1) % config.stepsPerEpoch() == 0) {
                            int epoch = (int) ((t + 1) / config.stepsPerEpoch()) - 1;
                            FastMlp testActor = actor;
                            TestEpisodes.run(
                                    testEnv,
                                    obsCodec,
                                    scale,
                                    (ob, ab) -> act(testActor, ob, ab, 0, null),
                                    config.numTestEpisodes(),
                                    config.maxEpLen(),
                                    logger);
                            double time =
                                    from.elapsedSeconds() + (System.nanoTime() - startTime) / 1e9;
                            logEpoch(logger, epoch, t + 1, time);
                            if (epoch % config.saveFreq() == 0 || epoch == config.epochs() - 1) {
                                saver.save(epoch, t + 1, time, rng);
                            }
                        }
                    }
                } catch (EnvException e) {
                    throw Runs.envFailure(
                            e, NAME, (int) (t / config.stepsPerEpoch()), run.outputDir());
                } catch (Diverged e) {
                    throw Runs.diverged(
                            e, NAME, (int) (t / config.stepsPerEpoch()), run.outputDir());
                }
            }
        }
    }

    /**
     * mu(s) plus Gaussian noise of stddev {@code noise}, clipped to [-1, 1], into {@code a} (DDPG's
     * and TD3's exploration; no noise at test time).
     */
    public static void act(FastMlp actor, float[] obs, float[] a, double noise, Rng rng) {
        actor.forward(obs, 0, 1, a, 0);
        for (int i = 0; i < a.length; i++) {
            double v = Math.tanh(a[i]) + (noise > 0 ? noise * rng.nextGaussian() : 0);
            a[i] = (float) Math.max(-1, Math.min(1, v));
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
                    DdpgActorCritic.qValue(ac.qTarg, o2, DdpgActorCritic.act(ac.piTarg, o2));
            NDArray y = DdpgActorCritic.backup(r, d, qNext, config.gamma());

            // line 13: Q towards the target
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray q = DdpgActorCritic.qValue(ac.q, o, a);
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
                        DdpgActorCritic.qValue(ac.q, o, DdpgActorCritic.act(ac.pi, o)).mean().neg();
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
