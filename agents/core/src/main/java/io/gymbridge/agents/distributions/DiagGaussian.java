package io.gymbridge.agents.distributions;

import ai.djl.ndarray.NDArray;
import io.gymbridge.agents.djl.Scalars;

/**
 * Diagonal Gaussian distributions with means {@code [T, d]} and one log standard deviation per
 * action dimension {@code [d]} shared by all rows (Spinning Up's state-independent {@code
 * log_std}).
 *
 * <p>Per row, summed over the d dimensions: {@code log pi(a) = sum(-(a - mu)^2 / (2 sigma^2) - log
 * sigma - log(2 pi) / 2)}, {@code H = sum(log sigma + (1 + log(2 pi)) / 2)} and {@code KL(p || q) =
 * sum(log sigma_q - log sigma_p + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 1/2)}.
 */
public final class DiagGaussian implements Distribution {
    private static final float HALF_LOG_2PI = (float) (0.5 * Math.log(2 * Math.PI));
    private final NDArray mean;
    private final NDArray logStd;

    /**
     * The distributions with these means {@code [T, d]} and log standard deviations {@code [d]}.
     */
    public DiagGaussian(NDArray mean, NDArray logStd) {
        this.mean = mean;
        this.logStd = logStd;
    }

    /** The means {@code [T, d]}. */
    public NDArray mean() {
        return mean;
    }

    /** The log standard deviations {@code [d]}. */
    public NDArray logStd() {
        return logStd;
    }

    @Override
    public NDArray logProb(NDArray actions) {
        NDArray z = actions.sub(mean).div(logStd.exp());
        return Scalars.mul(z.square(), -0.5).sub(logStd).sub(HALF_LOG_2PI).sum(new int[] {1});
    }

    @Override
    public NDArray entropy() {
        // The same for every row: broadcast the per-dimension sum over the batch.
        NDArray perRow = logStd.add(0.5f + HALF_LOG_2PI).sum();
        return mean.get(":, 0").zerosLike().add(perRow);
    }

    @Override
    public NDArray kl(Distribution other) {
        if (!(other instanceof DiagGaussian q)) {
            throw new IllegalArgumentException("KL between DiagGaussian and " + other);
        }
        NDArray varP = Scalars.mul(logStd, 2).exp();
        NDArray twoVarQ = Scalars.mul(Scalars.mul(q.logStd, 2).exp(), 2);
        NDArray meanTerm = mean.sub(q.mean).square().add(varP).div(twoVarQ);
        return meanTerm.add(q.logStd.sub(logStd)).sub(0.5f).sum(new int[] {1});
    }
}
