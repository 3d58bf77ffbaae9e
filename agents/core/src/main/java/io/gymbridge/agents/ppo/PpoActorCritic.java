package io.gymbridge.agents.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.spaces.Space;

/**
 * PPO's actor-critic: Spinning Up's MLP actor-critic ({@link MlpActorCritic}: a categorical or
 * diagonal Gaussian policy and a value MLP) with the two losses PPO minimises.
 */
final class PpoActorCritic extends MlpActorCritic {

    PpoActorCritic(
            NDManager manager, Space<?> obsSpace, Space<?> actSpace, AcKwargs kwargs, Rng initRng) {
        super(manager, obsSpace, actSpace, kwargs, Ppo.NAME, initRng);
    }

    /**
     * The policy loss of one batch and what the diagnostics need.
     *
     * @param loss the PPO-Clip loss, a scalar
     * @param logp log pi(a|s) under the current policy {@code [T]}
     * @param ratio pi(a|s) / pi_old(a|s) {@code [T]}
     * @param pi the current policy's distributions
     */
    record LossPi(NDArray loss, NDArray logp, NDArray ratio, Distribution pi) {

        /** Approximate KL(pi_old || pi): the mean of log pi_old(a|s) - log pi(a|s). */
        NDArray approxKl(Batch data) {
            return data.logp().sub(logp).mean();
        }

        /** The mean entropy of the policy. */
        NDArray entropy() {
            return pi.entropy().mean();
        }
    }

    /**
     * PPO-Clip's loss (pseudocode line 6, negated): {@code -mean(min(r A, clip(r, 1 - eps, 1 + eps)
     * A))} with {@code r = pi(a|s) / pi_old(a|s)}.
     */
    LossPi computeLossPi(Batch data, double clipRatio) {
        Distribution pi = pi(data.obs());
        NDArray logp = pi.logProb(data.act());
        NDArray ratio = logp.sub(data.logp()).exp();
        NDArray clipAdv = ratio.clip(1 - clipRatio, 1 + clipRatio).mul(data.adv());
        NDArray loss = ratio.mul(data.adv()).minimum(clipAdv).mean().neg();
        return new LossPi(loss, logp, ratio, pi);
    }

    /** The fraction of ratios outside [1 - eps, 1 + eps]: how much of the batch was clipped. */
    static NDArray clipFraction(NDArray ratio, double clipRatio) {
        return ratio.gt(1 + clipRatio)
                .logicalOr(ratio.lt(1 - clipRatio))
                .toType(DataType.FLOAT32, false)
                .mean();
    }

    /** The value loss (line 7): {@code mean((V(s) - R)^2)} against the rewards-to-go. */
    NDArray computeLossV(Batch data) {
        return v(data.obs()).sub(data.ret()).square().mean();
    }
}
