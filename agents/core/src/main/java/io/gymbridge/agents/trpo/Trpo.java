package io.gymbridge.agents.trpo;

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
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.nn.ConjugateGradient;
import io.gymbridge.agents.nn.MlpActorCritic.Batch;
import io.gymbridge.agents.rollout.Rollout;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.seeding.Seeding;
import io.gymbridge.agents.session.RunSession;
import io.gymbridge.env.EnvException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Trust Region Policy Optimization, and its simpler sibling Natural Policy Gradient, as Spinning
 * Up's {@code trpo}: monotonic, stable improvement for discrete or continuous actions, at the cost
 * of a second-order step (PPO usually does as well, more simply).
 *
 * <p>Paper: Schulman et al. 2015, <a href="https://arxiv.org/abs/1502.05477">Trust Region Policy
 * Optimization</a>; NPG: Kakade 2002, <a
 * href="https://papers.nips.cc/paper/2073-a-natural-policy-gradient.pdf">A Natural Policy
 * Gradient</a>. It takes the largest step that keeps the mean KL divergence from the old policy
 * within delta: the natural gradient direction x = H^-1 g from conjugate gradient, scaled to the
 * trust region, then (TRPO only) a backtracking line search until the step both satisfies the KL
 * limit and improves the surrogate loss. With {@code algo = "npg"} the scaled step is taken as is.
 *
 * <p>Columns of progress.txt, as Spinning Up's: Epoch, EpRet (average, std, max, min), EpLen, VVals
 * (the same four), TotalEnvInteracts, LossPi, LossV, DeltaLossPi, DeltaLossV, KL, BacktrackIters
 * (TRPO only), Time; and at the end StepsPerSecond, the epoch's steps over its wall time
 * (collection and update).
 *
 * <pre>
 * Algorithm Trust Region Policy Optimization
 *  1: Input: initial policy parameters theta_0, initial value function parameters phi_0
 *  2: Hyperparameters: KL-divergence limit delta, backtracking coefficient alpha,
 *     maximum number of backtracking steps K
 *  3: for k = 0, 1, 2, ... do
 *  4:   Collect set of trajectories D_k = {tau_i} by running policy pi_k = pi(theta_k) in the env
 *  5:   Compute rewards-to-go R_t
 *  6:   Compute advantage estimates A_t (GAE-lambda) based on the current value function V_phi_k
 *  7:   Estimate policy gradient as
 *         g_k = 1/|D_k| sum_tau sum_t grad_theta log pi_theta(a_t|s_t) |theta_k A_t
 *  8:   Use the conjugate gradient algorithm to compute x_k ~= H_k^-1 g_k,
 *       where H_k is the Hessian of the sample average KL-divergence
 *  9:   Update the policy by backtracking line search with
 *         theta_k+1 = theta_k + alpha^j sqrt(2 delta / (x_k^T H_k x_k)) x_k,
 *       where j in {0, 1, 2, ... K} is the smallest value which improves the sample loss
 *       and satisfies the sample KL-divergence constraint
 * 10:   Fit value function by regression on mean-squared error
 *         phi_k+1 = argmin_phi 1/(|D_k| T) sum_tau sum_t (V_phi(s_t) - R_t)^2
 *       typically via some gradient descent algorithm
 * 11: end for
 * </pre>
 *
 * Lines 4-6 are {@link Rollout#collect} and {@link GaeBuffer}; lines 7-9 are in {@code update},
 * with H v the analytic Fisher-vector product of {@link TrpoActorCritic.Fisher} (plus damping) and
 * {@link ConjugateGradient}; line 10 is its value loop. The KL is D_KL(pi_theta || pi_theta_k), as
 * Spinning Up's docs write it (its Hessian at theta_k is the same Fisher matrix either way).
 */
public final class Trpo {
    private Trpo() {}

    /** The algorithm's name on the command line. */
    public static final String NAME = "trpo";

    private static final double EPS = 1e-8;

    /** TRPO as the run command sees it. */
    public static final Algorithm<Config> ALGORITHM =
            new AlgorithmSpec<>(NAME, Config.class, Trpo::train).withDefaultEngine("PyTorch");

    /** NPG as the run command sees it: this algorithm with {@code algo = "npg"} by default. */
    public static final Algorithm<Config> NPG =
            new AlgorithmSpec<>("npg", Config.class, Map.of("algo", "npg"), Trpo::train, "PyTorch");

    /**
     * TRPO's hyperparameters, with Spinning Up's names and defaults. Each hyperparameter is
     * declared once, with its default, check and meaning ({@link Hp}).
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
            @Hp(
                            value = "0.01",
                            check = "> 0",
                            doc = "the KL-divergence limit of an update, small: 0.01 or 0.05")
                    double delta,
            @Hp(value = "1e-3", check = "> 0", doc = "learning rate of the value function's Adam")
                    double vfLr,
            @Hp(value = "80", check = ">= 0", doc = "value function gradient steps per epoch")
                    @JsonProperty("train_v_iters")
                    int trainVIters,
            @Hp(
                            value = "0.1",
                            check = ">= 0",
                            doc = "alpha of H v -> (alpha I + H) v, for numerical stability")
                    double dampingCoeff,
            @Hp(
                            value = "10",
                            check = ">= 1",
                            doc = "conjugate gradient iterations; more approximate H^-1 g better")
                    int cgIters,
            @Hp(
                            value = "10",
                            check = ">= 1",
                            doc =
                                    "most steps of the line search (it rarely backtracks more than once)")
                    int backtrackIters,
            @Hp(
                            value = "0.8",
                            check = "[0, 1]",
                            doc =
                                    "how far back each line-search step goes, in (0, 1), usually above 0.5")
                    double backtrackCoeff,
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
                            value = "trpo",
                            check = "one of trpo npg",
                            doc =
                                    "trpo, or npg for the natural policy gradient without line search")
                    String algo,
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
     * Trains TRPO (or NPG) on {@code run.env()}, writing progress.txt, config.json and checkpoints
     * into {@code run.outputDir()}.
     *
     * @throws EnvException if the env fails; the last checkpoint stays intact
     * @throws IllegalArgumentException if the env's spaces are not ones TRPO handles, or the run
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
                TrpoActorCritic ac =
                        new TrpoActorCritic(
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

                // 6. Losses: TrpoActorCritic.computeLossPi (surrogate), meanKl, computeLossV (MSE)

                // 7. Optimizers: the policy's step is the natural gradient's; Adam for V
                Adam vfOptimizer = new Adam(ac.vParameters(), config.vfLr());

                // 8. Saving: a checkpoint every save_freq epochs and at the last; --resume
                // restores the latest and continues after its epoch
                session.restoreOrStart(env.spec(), ac, Map.of("vf", vfOptimizer));
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

                    update(ac, buf, config, vfOptimizer, logger);

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
                    logger.logTabular("KL", false, true);
                    if (config.algo().equals("trpo")) {
                        logger.logTabular("BacktrackIters", false, true);
                    }
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
     * One TRPO (or NPG) update on the epoch's data (pseudocode lines 7-10), storing LossPi, LossV,
     * KL, DeltaLossPi, DeltaLossV and, for TRPO, BacktrackIters.
     */
    @SuppressWarnings("try") // each NDScope closes the arrays made in its block
    private static void update(
            TrpoActorCritic ac,
            GaeBuffer buf,
            Config config,
            Adam vfOptimizer,
            EpochLogger logger) {
        Engine engine = ac.manager().getEngine();
        // The epoch's data as NDArrays, built once and used by every step.
        try (NDManager epochManager = ac.manager().newSubManager();
                Batch data = ac.batch(epochManager, buf.get())) {
            Distribution old = ac.detachedPi(data);
            double piLossOld;
            double vLossOld;
            try (NDScope scope = new NDScope()) {
                piLossOld = ac.computeLossPi(data).getFloat();
                vLossOld = ac.computeLossV(data).getFloat();
            }

            // Line 7: g, the gradient of the surrogate loss (minus the policy gradient)
            double[] g = ac.lossPiGradient(data);
            // Line 8: x = H^-1 g by conjugate gradient, H v = F v + damping v
            double[] x;
            double alpha;
            try (TrpoActorCritic.Fisher fisher = ac.fisher(data)) {
                UnaryOperator<double[]> hx =
                        v -> ConjugateGradient.axpy(config.dampingCoeff(), v, fisher.apply(v));
                x = ConjugateGradient.solve(hx, g, config.cgIters());
                // the step that puts the quadratic KL model on delta: sqrt(2 delta / x^T H x)
                alpha =
                        Math.sqrt(
                                2 * config.delta() / (ConjugateGradient.dot(x, hx.apply(x)) + EPS));
            }

            // Line 9: theta = theta_old - alpha^j step x (x points up the loss), j from 0
            double[] oldParams = ac.piParams();
            double[] result;
            if (config.algo().equals("npg")) {
                result = setAndEval(ac, data, old, oldParams, x, alpha);
            } else {
                result = null;
                for (int j = 0; j < config.backtrackIters(); j++) {
                    double step = alpha * Math.pow(config.backtrackCoeff(), j);
                    result = setAndEval(ac, data, old, oldParams, x, step);
                    if (result[0] <= config.delta() && result[1] <= piLossOld) {
                        logger.log("Accepting new params at step " + j + " of line search.");
                        logger.store("BacktrackIters", j);
                        break;
                    }
                    if (j == config.backtrackIters() - 1) {
                        logger.log("Line search failed! Keeping old params.");
                        logger.store("BacktrackIters", j);
                        result = setAndEval(ac, data, old, oldParams, x, 0);
                    }
                }
            }

            // Line 10: value function, gradient steps on the mean-squared error
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
            logger.store("KL", result[0]);
            logger.store("DeltaLossPi", result[1] - piLossOld);
            logger.store("DeltaLossV", vLoss - vLossOld);
        }
    }

    /**
     * Sets the policy to {@code old - step x} and evaluates it.
     *
     * @return the mean KL from the old policy, and the surrogate loss
     */
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    private static double[] setAndEval(
            TrpoActorCritic ac,
            Batch data,
            Distribution old,
            double[] oldParams,
            double[] x,
            double step) {
        ac.setPiParams(ConjugateGradient.axpy(-step, x, oldParams));
        try (NDScope scope = new NDScope()) {
            return new double[] {
                ac.meanKl(data, old).getFloat(), ac.computeLossPi(data).getFloat()
            };
        }
    }
}
