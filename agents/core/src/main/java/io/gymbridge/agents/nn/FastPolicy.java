package io.gymbridge.agents.nn;

import io.gymbridge.agents.Policy;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;

/**
 * A policy in plain Java: the policy MLP's weights, how its output becomes an action ({@link
 * Head}), and the encodings of the env's spaces. What {@code test-policy} runs, without any DJL
 * engine.
 *
 * <p>Stochastic actions are sampled from its own {@link Rng}; deterministic ones are the most
 * likely action of a categorical policy, the mean of a Gaussian one and {@code tanh} of the mean of
 * a squashed one.
 */
public final class FastPolicy implements Policy {
    /** How the policy MLP's output becomes an action. */
    public enum Head {
        /** Logits of a categorical distribution (VPG, TRPO, PPO on Discrete actions). */
        CATEGORICAL,
        /** The mean of a Gaussian with state-independent {@code log_std} (on-policy, Box). */
        GAUSSIAN,
        /** A deterministic {@code tanh(out)} mapped onto the Box bounds (DDPG, TD3). */
        TANH,
        /**
         * {@code [mu, log_std]} of a Gaussian squashed by tanh and mapped onto the Box bounds,
         * log_std clamped to [-20, 2] (SAC).
         */
        TANH_GAUSSIAN
    }

    private static final double LOG_STD_MIN = -20;
    private static final double LOG_STD_MAX = 2;

    private final FastMlp pi;
    private final Head head;
    private final float[] logStd;
    private final ActionScale scale;
    private final SpaceCodec.Obs obsCodec;
    private final SpaceCodec.Act actCodec;
    private final Rng rng;
    private final float[] in;
    private final float[] out;
    private final float[] act;

    /**
     * An on-policy policy of these weights: categorical, or Gaussian with {@code logStd}.
     *
     * @param logStd the Gaussian log standard deviations, or null for a categorical policy
     */
    public FastPolicy(
            FastMlp pi, float[] logStd, SpaceCodec.Obs obsCodec, SpaceCodec.Act actCodec, Rng rng) {
        this(
                pi,
                logStd == null ? Head.CATEGORICAL : Head.GAUSSIAN,
                logStd == null ? null : logStd.clone(),
                null,
                obsCodec,
                actCodec,
                rng);
    }

    private FastPolicy(
            FastMlp pi,
            Head head,
            float[] logStd,
            ActionScale scale,
            SpaceCodec.Obs obsCodec,
            SpaceCodec.Act actCodec,
            Rng rng) {
        this.pi = pi;
        this.head = head;
        this.logStd = logStd;
        this.scale = scale;
        this.obsCodec = obsCodec;
        this.actCodec = actCodec;
        this.rng = rng;
        this.in = new float[obsCodec.size()];
        this.out = new float[pi.sizes()[pi.sizes().length - 1]];
        this.act = new float[actCodec.storedSize()];
    }

    /**
     * A squashed policy of the off-policy algorithms, acting in normalised units [-1, 1] mapped
     * onto {@code scale}'s bounds.
     *
     * @param head {@link Head#TANH} or {@link Head#TANH_GAUSSIAN}
     */
    public static FastPolicy squashed(
            FastMlp pi, Head head, SpaceCodec.Obs obsCodec, ActionScale scale, Rng rng) {
        if (head != Head.TANH && head != Head.TANH_GAUSSIAN) {
            throw new IllegalArgumentException("not a squashed head: " + head);
        }
        return new FastPolicy(pi, head, null, scale, obsCodec, scale.codec(), rng);
    }

    /** How the network's output becomes an action. */
    public Head head() {
        return head;
    }

    /** The Box bounds of a squashed policy, or null. */
    public ActionScale scale() {
        return scale;
    }

    /** The policy MLP. */
    public FastMlp network() {
        return pi;
    }

    /** The Gaussian log standard deviations (a copy), or null for a categorical policy. */
    public float[] logStd() {
        return logStd == null ? null : logStd.clone();
    }

    /** The observation encoding. */
    public SpaceCodec.Obs obsCodec() {
        return obsCodec;
    }

    /** The action encoding. */
    public SpaceCodec.Act actCodec() {
        return actCodec;
    }

    @Override
    public synchronized Object act(Object observation, boolean deterministic) {
        obsCodec.encode(observation, in, 0);
        pi.forward(in, 0, 1, out, 0);
        switch (head) {
            case CATEGORICAL -> {
                if (deterministic) {
                    int best = 0;
                    for (int k = 1; k < out.length; k++) {
                        if (out[k] > out[best]) {
                            best = k;
                        }
                    }
                    act[0] = best;
                } else {
                    sampleCategorical(out, 0, out.length, rng, act, 0);
                }
            }
            case GAUSSIAN -> {
                if (deterministic) {
                    System.arraycopy(out, 0, act, 0, act.length);
                } else {
                    sampleGaussian(out, 0, logStd, rng, act, 0);
                }
            }
            case TANH -> {
                for (int i = 0; i < act.length; i++) {
                    act[i] = (float) Math.tanh(out[i]);
                }
                return scale.envAction(act);
            }
            case TANH_GAUSSIAN -> {
                squashedGaussian(out, act, deterministic, rng);
                return scale.envAction(act);
            }
        }
        return actCodec.single(act, 0);
    }

    /**
     * SAC's action from its MLP's output {@code [mu, log_std]} ({@code 2 d} values): {@code
     * tanh(mu)} when deterministic, else {@code tanh(mu + exp(log_std) eps)}, eps ~ N(0, 1) from
     * {@code rng}, log_std clamped to [-20, 2]; into {@code a} ({@code d} values).
     */
    public static void squashedGaussian(float[] out, float[] a, boolean deterministic, Rng rng) {
        int d = a.length;
        for (int i = 0; i < d; i++) {
            double u = out[i];
            if (!deterministic) {
                double logStd = Math.max(LOG_STD_MIN, Math.min(LOG_STD_MAX, out[d + i]));
                u += Math.exp(logStd) * rng.nextGaussian();
            }
            a[i] = (float) Math.tanh(u);
        }
    }

    /**
     * Samples index a from softmax(logits[off, off + n)) into {@code act[actOff]}.
     *
     * @return log pi(a)
     */
    static float sampleCategorical(
            float[] logits, int off, int n, Rng rng, float[] act, int actOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logits[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(logits[off + k] - max);
        }
        double u = rng.nextDouble() * sum;
        int a = n - 1;
        double cumulative = 0;
        for (int k = 0; k < n; k++) {
            cumulative += Math.exp(logits[off + k] - max);
            if (u < cumulative) {
                a = k;
                break;
            }
        }
        act[actOff] = a;
        return (float) (logits[off + a] - max - Math.log(sum));
    }

    /**
     * Samples a = mean + exp(logStd) * N(0, 1) per dimension into {@code act[actOff...]}.
     *
     * @return log pi(a), summed over the dimensions
     */
    static float sampleGaussian(
            float[] means, int off, float[] logStd, Rng rng, float[] act, int actOff) {
        double logp = 0;
        for (int d = 0; d < logStd.length; d++) {
            double z = rng.nextGaussian();
            act[actOff + d] = (float) (means[off + d] + Math.exp(logStd[d]) * z);
            logp += -0.5 * z * z - logStd[d] - 0.5 * Math.log(2 * Math.PI);
        }
        return (float) logp;
    }

    @Override
    public void close() {
        // nothing to free: plain Java arrays
    }
}
