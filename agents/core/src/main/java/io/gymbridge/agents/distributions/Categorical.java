package io.gymbridge.agents.distributions;

import ai.djl.ndarray.NDArray;

/**
 * Categorical distributions given by unnormalised log-probabilities (logits) {@code [T, n]}.
 *
 * <p>With {@code log p = log_softmax(logits)}: {@code log pi(a) = sum(onehot(a) * log p)}, {@code H
 * = -sum(p log p)}, {@code KL(p || q) = sum(p (log p - log q))}.
 */
public final class Categorical implements Distribution {
    private final NDArray logits;
    private final NDArray logp;

    /** The distributions with these logits. */
    public Categorical(NDArray logits) {
        this.logits = logits;
        this.logp = logits.logSoftmax(1);
    }

    /** The logits {@code [T, n]}. */
    public NDArray logits() {
        return logits;
    }

    /** The normalised log-probabilities {@code [T, n]}. */
    public NDArray logProbs() {
        return logp;
    }

    /** The probabilities {@code [T, n]}. */
    public NDArray probs() {
        return logp.exp();
    }

    @Override
    public NDArray logProb(NDArray oneHotActions) {
        return logp.mul(oneHotActions).sum(new int[] {1});
    }

    @Override
    public NDArray entropy() {
        return probs().mul(logp).sum(new int[] {1}).neg();
    }

    @Override
    public NDArray kl(Distribution other) {
        if (!(other instanceof Categorical q)) {
            throw new IllegalArgumentException("KL between Categorical and " + other);
        }
        return probs().mul(logp.sub(q.logp)).sum(new int[] {1});
    }
}
