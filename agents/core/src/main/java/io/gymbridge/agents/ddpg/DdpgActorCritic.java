package io.gymbridge.agents.ddpg;

import ai.djl.ndarray.NDManager;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.FastPolicy;
import io.gymbridge.agents.nn.Mlp;
import io.gymbridge.agents.nn.OffPolicyNetworks;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import java.util.Map;

/**
 * DDPG's actor-critic, Spinning Up's {@code MLPActorCritic} for DDPG: a deterministic actor {@code
 * mu(s) = tanh(MLP(s))} in normalised action units [-1, 1] and a critic {@code Q(s, a) = MLP([s,
 * a])}, each with a target copy that follows it by polyak averaging.
 *
 * <p>Actions are kept in normalised units everywhere inside the algorithm (buffer, critic, noise)
 * and mapped onto the env's Box bounds only when sent to the env (see {@link ActionScale}).
 *
 * <p>A checkpoint holds all four networks ({@code pi.params}, {@code q.params}, {@code
 * pi_targ.params}, {@code q_targ.params}) and the actor as {@code policy.json} for test-policy.
 */
public final class DdpgActorCritic extends OffPolicyNetworks {
    final Mlp pi;
    final Mlp q;
    final Mlp piTarg;
    final Mlp qTarg;

    /** Builds the networks and their targets (targets start as exact copies). */
    DdpgActorCritic(
            NDManager manager,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            AcKwargs kwargs,
            Rng initRng) {
        super(obsCodec, scale, FastPolicy.Head.TANH);
        int obsDim = obsCodec.size();
        int actDim = scale.size();
        pi = new Mlp(manager, obsDim, actDim, kwargs, initRng, true);
        q = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        piTarg = new Mlp(manager, obsDim, actDim, kwargs, initRng, false);
        qTarg = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        piTarg.copyFrom(pi);
        qTarg.copyFrom(q);
    }

    /** The number of parameters of pi and q, as Spinning Up's {@code count_vars} logs them. */
    long[] parameterCounts() {
        return new long[] {pi.size(), q.size()};
    }

    @Override
    protected Mlp actor() {
        return pi;
    }

    @Override
    protected Map<String, Mlp> networks() {
        return Map.of("pi", pi, "q", q, "pi_targ", piTarg, "q_targ", qTarg);
    }
}
