package io.gymbridge.agents.common;

import io.gymbridge.agents.Policy;

/**
 * A policy in plain Java: the policy MLP's weights, the Gaussian {@code log_std} if any, and the
 * encodings of the env's spaces. What {@code test-policy} runs, without any DJL engine.
 *
 * <p>Stochastic actions are sampled from its own {@link Rng}; deterministic ones are the most
 * likely action of a categorical policy and the mean of a Gaussian one.
 */
public final class FastPolicy implements Policy {
    private final FastMlp pi;
    private final float[] logStd;
    private final SpaceCodec.Obs obsCodec;
    private final SpaceCodec.Act actCodec;
    private final Rng rng;
    private final float[] in;
    private final float[] out;
    private final float[] act;

    /**
     * A policy of these weights.
     *
     * @param logStd the Gaussian log standard deviations, or null for a categorical policy
     */
    public FastPolicy(
            FastMlp pi, float[] logStd, SpaceCodec.Obs obsCodec, SpaceCodec.Act actCodec, Rng rng) {
        this.pi = pi;
        this.logStd = logStd == null ? null : logStd.clone();
        this.obsCodec = obsCodec;
        this.actCodec = actCodec;
        this.rng = rng;
        this.in = new float[obsCodec.size()];
        this.out = new float[actCodec.outputSize()];
        this.act = new float[actCodec.storedSize()];
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
        if (logStd == null) {
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
        } else if (deterministic) {
            System.arraycopy(out, 0, act, 0, out.length);
        } else {
            sampleGaussian(out, 0, logStd, rng, act, 0);
        }
        return actCodec.single(act, 0);
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
