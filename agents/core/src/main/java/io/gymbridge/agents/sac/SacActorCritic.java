package io.gymbridge.agents.sac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.djl.Scalars;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.FastMlp;
import io.gymbridge.agents.nn.FastPolicy;
import io.gymbridge.agents.nn.Mlp;
import io.gymbridge.agents.nn.OffPolicyNetworks;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * SAC's actor-critic: a squashed Gaussian policy {@code a = tanh(mu(s) + std(s) eps)} in normalised
 * units [-1, 1], and two critics Q1, Q2 with target copies (the policy has no target).
 *
 * <p>The policy MLP outputs {@code [mu, log_std]} ({@code 2 d} values: Spinning Up's trunk with a
 * mu layer and a log_std layer, as one final layer); {@code log_std} is clamped to [-20, 2]. A
 * checkpoint holds the five networks and the policy as {@code policy.json}.
 */
final class SacActorCritic extends OffPolicyNetworks {
    static final double LOG_STD_MIN = -20;
    static final double LOG_STD_MAX = 2;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG_2 = Math.log(2);

    final int actDim;
    final Mlp pi;
    final Mlp q1;
    final Mlp q2;
    final Mlp q1Targ;
    final Mlp q2Targ;

    SacActorCritic(
            NDManager manager,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            AcKwargs kwargs,
            Rng initRng) {
        super(obsCodec, scale, FastPolicy.Head.TANH_GAUSSIAN);
        int obsDim = obsCodec.size();
        this.actDim = scale.size();
        pi = new Mlp(manager, obsDim, 2 * actDim, kwargs, initRng, true);
        q1 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        q2 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        q1Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        q2Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        q1Targ.copyFrom(q1);
        q2Targ.copyFrom(q2);
    }

    /**
     * An action of the squashed Gaussian and its log-probability.
     *
     * @param action {@code tanh(u)} {@code [N, d]}
     * @param logp log pi(a|s) with the tanh correction {@code [N]}
     */
    record Sample(NDArray action, NDArray logp) {}

    /**
     * Samples the policy by reparameterisation, {@code u = mu + std eps}, from the policy MLP's
     * output {@code [N, 2d]} and standard normal noise {@code eps} ({@code N d} values, row-major),
     * with its log-probability.
     *
     * <p>log pi(a|s) of {@code a = tanh(u)}, {@code u ~ N(mu, std)}, is the Gaussian's log-density
     * of u minus the tanh correction {@code sum log(1 - tanh(u)^2)}. Since {@code (u - mu) / std}
     * is eps, the density is {@code sum(-eps^2 / 2 - log(2 pi) / 2) - sum log_std}, its first sum a
     * constant computed here in Java; the correction is computed stably as {@code 2 (log 2 - u -
     * softplus(-2u))} (the SAC paper's appendix C). Fewer engine ops than the textbook form: each
     * costs 10-60 us of overhead here, and every update samples twice.
     */
    static Sample sample(NDArray piOut, float[] eps, int actDim) {
        NDManager m = piOut.getManager();
        int n = eps.length / actDim;
        NDArray mu = piOut.get(":, 0:" + actDim);
        NDArray logStd = piOut.get(":, " + actDim + ":").clip(LOG_STD_MIN, LOG_STD_MAX);
        NDArray u = mu.add(logStd.exp().mul(HostArrays.create(m, eps, new Shape(n, actDim))));
        // per row: sum(-eps^2 / 2 - log(2 pi) / 2) and the constant part of the correction
        float[] constant = new float[n];
        for (int row = 0; row < n; row++) {
            double sum = 0;
            for (int k = 0; k < actDim; k++) {
                double e = eps[row * actDim + k];
                sum += -0.5 * e * e - HALF_LOG_2PI - 2 * LOG_2;
            }
            constant[row] = (float) sum;
        }
        NDArray logp =
                HostArrays.create(m, constant)
                        .sub(logStd.sum(new int[] {1}))
                        .add(
                                Scalars.mul(
                                        Activation.softPlus(Scalars.mul(u, -2))
                                                .add(u)
                                                .sum(new int[] {1}),
                                        2));
        return new Sample(u.tanh(), logp);
    }

    /**
     * The action for one observation in plain Java: {@code tanh(mu)} when deterministic, else
     * {@code tanh(mu + std eps)} with eps drawn from {@code rng}.
     */
    static void act(FastMlp actor, float[] obs, float[] out2d, float[] a, boolean det, Rng rng) {
        actor.forward(obs, 0, 1, out2d, 0);
        FastPolicy.squashedGaussian(out2d, a, det, rng);
    }

    /** Both critics' parameters, trained by one optimizer on loss_q1 + loss_q2. */
    List<Parameter> qParameters() {
        return Mlp.parameters(q1, q2);
    }

    long[] parameterCounts() {
        return new long[] {pi.size(), q1.size() + q2.size()};
    }

    @Override
    protected Mlp actor() {
        return pi;
    }

    @Override
    protected Map<String, Mlp> networks() {
        return Map.of("pi", pi, "q1", q1, "q2", q2, "q1_targ", q1Targ, "q2_targ", q2Targ);
    }

    /**
     * The entropy coefficient alpha: fixed, or (auto_alpha) {@code log alpha} trained by Adam on
     * {@code -log alpha * mean(log pi + target_entropy)}, whose gradient is {@code -mean(log pi +
     * target_entropy)}: alpha grows while the entropy is below the target.
     */
    static final class Temperature implements Checkpointed {
        private final double lr;
        private final double targetEntropy;
        private double logAlpha;
        private double m;
        private double v;
        private long t;

        Temperature(double alpha, double lr, double targetEntropy) {
            this.logAlpha = Math.log(alpha);
            this.lr = lr;
            this.targetEntropy = targetEntropy;
        }

        double value() {
            return Math.exp(logAlpha);
        }

        /** One Adam step on log alpha given the batch's log pi (torch's Adam defaults). */
        void step(float[] logPi) {
            double mean = 0;
            for (float lp : logPi) {
                mean += lp;
            }
            mean /= logPi.length;
            double g = -(mean + targetEntropy);
            t++;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double mHat = m / (1 - Math.pow(0.9, t));
            double vHat = v / (1 - Math.pow(0.999, t));
            logAlpha -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
        }

        /** Writes {@code alpha.bin}: log alpha and its Adam state. */
        @Override
        public void save(Path dir) throws IOException {
            try (DataOutputStream out =
                    new DataOutputStream(Files.newOutputStream(dir.resolve("alpha.bin")))) {
                out.writeDouble(logAlpha);
                out.writeDouble(m);
                out.writeDouble(v);
                out.writeLong(t);
            }
        }

        @Override
        public void load(Path dir) throws IOException {
            try (DataInputStream in =
                    new DataInputStream(Files.newInputStream(dir.resolve("alpha.bin")))) {
                logAlpha = in.readDouble();
                m = in.readDouble();
                v = in.readDouble();
                t = in.readLong();
            }
        }
    }

    /**
     * The policy's loss {@code mean(alpha log pi(a|s) - min(Q1, Q2)(s, a))} with {@code a =
     * tanh(mu(s) + std(s) eps)} (line 12, negated for descent), and log pi(a|s) {@code [N]} for the
     * log.
     */
    LossPi lossPi(NDArray o, float[] eps, double alpha) {
        SacActorCritic.Sample s = sample(pi.forward(o), eps, actDim);
        NDArray qPi =
                OffPolicyNetworks.qValue(q1, o, s.action())
                        .minimum(OffPolicyNetworks.qValue(q2, o, s.action()));
        return new LossPi(Scalars.mul(s.logp(), alpha).sub(qPi).mean(), s.logp());
    }

    /** The policy's loss and log pi of the sampled actions. */
    record LossPi(NDArray loss, NDArray logp) {}

    /**
     * The soft target {@code r + gamma (1 - d) (min(Q1targ, Q2targ)(s', a') - alpha log pi(a'|s'))}
     * {@code [N]} (line 10).
     */
    NDArray backup(NDArray r, NDArray d, NDArray o2, Sample next, double alpha, double gamma) {
        NDArray qTarg =
                OffPolicyNetworks.qValue(q1Targ, o2, next.action())
                        .minimum(OffPolicyNetworks.qValue(q2Targ, o2, next.action()));
        return OffPolicyNetworks.backup(r, d, qTarg.sub(next.logp().mul((float) alpha)), gamma);
    }

    /** {@code size} draws of a standard normal, for the reparameterised samples. */
    static float[] gaussian(Rng rng, int size) {
        float[] eps = new float[size];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) rng.nextGaussian();
        }
        return eps;
    }
}
