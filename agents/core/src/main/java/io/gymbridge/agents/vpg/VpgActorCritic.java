package io.gymbridge.agents.vpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.spaces.Space;

/**
 * VPG's actor-critic: Spinning Up's MLP actor-critic ({@link MlpActorCritic}: a categorical or
 * diagonal Gaussian policy and a value MLP) with the two losses VPG minimises.
 */
final class VpgActorCritic extends MlpActorCritic {

    VpgActorCritic(
            NDManager manager, Space<?> obsSpace, Space<?> actSpace, AcKwargs kwargs, Rng initRng) {
        super(manager, obsSpace, actSpace, kwargs, Vpg.NAME, initRng);
    }

    /**
     * The policy loss of one batch and what the diagnostics need.
     *
     * @param loss the policy gradient loss, a scalar
     * @param logp log pi(a|s) under the current policy {@code [T]}
     * @param pi the current policy's distributions
     */
    record LossPi(NDArray loss, NDArray logp, Distribution pi) {

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
     * The policy gradient loss {@code -mean(log pi(a|s) A)}, whose gradient is minus the estimate
     * g_k of pseudocode line 6.
     */
    LossPi computeLossPi(Batch data) {
        Distribution pi = pi(data.obs());
        NDArray logp = pi.logProb(data.act());
        return new LossPi(logp.mul(data.adv()).mean().neg(), logp, pi);
    }

    /** The value loss (line 8): {@code mean((V(s) - R)^2)} against the rewards-to-go. */
    NDArray computeLossV(Batch data) {
        return v(data.obs()).sub(data.ret()).square().mean();
    }
}
