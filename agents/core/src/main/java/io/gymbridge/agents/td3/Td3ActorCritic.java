package io.gymbridge.agents.td3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.FastPolicy;
import io.gymbridge.agents.nn.Mlp;
import io.gymbridge.agents.nn.OffPolicyNetworks;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import java.util.List;
import java.util.Map;

/**
 * TD3's actor-critic: DDPG's deterministic actor {@code mu(s) = tanh(MLP(s))} in normalised units,
 * and two critics Q1, Q2 ("clipped double-Q"), each with a target copy. A checkpoint holds all six
 * networks and the actor as {@code policy.json}.
 */
final class Td3ActorCritic extends OffPolicyNetworks {
    final Mlp pi;
    final Mlp q1;
    final Mlp q2;
    final Mlp piTarg;
    final Mlp q1Targ;
    final Mlp q2Targ;

    Td3ActorCritic(
            NDManager manager,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            AcKwargs kwargs,
            Rng initRng) {
        super(obsCodec, scale, FastPolicy.Head.TANH);
        int obsDim = obsCodec.size();
        int actDim = scale.size();
        pi = new Mlp(manager, obsDim, actDim, kwargs, initRng, true);
        q1 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        q2 = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        piTarg = new Mlp(manager, obsDim, actDim, kwargs, initRng, false);
        q1Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        q2Targ = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        piTarg.copyFrom(pi);
        q1Targ.copyFrom(q1);
        q2Targ.copyFrom(q2);
    }

    /**
     * Target policy smoothing: {@code clip(muTarg + clip(noise, -noiseClip, noiseClip), -1, 1)},
     * where {@code noise} is already scaled by target_noise.
     */
    static NDArray smoothedTargetAction(NDArray muTarg, NDArray noise, double noiseClip) {
        return muTarg.add(noise.clip(-noiseClip, noiseClip)).clip(-1, 1);
    }

    /**
     * The clipped double-Q target {@code r + gamma (1 - d) min(Q1targ, Q2targ)(s', a')}, {@code
     * [N]}.
     */
    static NDArray backup(NDArray rew, NDArray done, NDArray q1Next, NDArray q2Next, double gamma) {
        long n = rew.getShape().get(0);
        NDArray qMin = q1Next.reshape(n).minimum(q2Next.reshape(n));
        return OffPolicyNetworks.backup(rew, done, qMin, gamma);
    }

    /** All critics' parameters, trained by one optimizer on loss_q1 + loss_q2. */
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
        return Map.of(
                "pi", pi, "q1", q1, "q2", q2, "pi_targ", piTarg, "q1_targ", q1Targ, "q2_targ",
                q2Targ);
    }
}
