package io.gymbridge.agents.ddpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.ActionScale;
import io.gymbridge.agents.common.FastPolicy;
import io.gymbridge.agents.common.Mlp;
import io.gymbridge.agents.common.OffPolicyNetworks;
import io.gymbridge.agents.common.Rng;
import io.gymbridge.agents.common.SpaceCodec;
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

    /** The actor's action, tanh of its MLP, in [-1, 1] {@code [N, actDim]}. */
    public static NDArray act(Mlp actor, NDArray obs) {
        return actor.forward(obs).tanh();
    }

    /** Q(s, a) of a critic as a vector {@code [N]}, never {@code [N, 1]}. */
    public static NDArray qValue(Mlp critic, NDArray obs, NDArray act) {
        NDArray out = critic.forward(NDArrays.concat(new NDList(obs, act), 1));
        return out.reshape(out.getShape().get(0));
    }

    /**
     * The Bellman backup {@code r + gamma (1 - d) qNext} as a vector {@code [N]}. {@code qNext} may
     * be {@code [N]} or {@code [N, 1]}: it is flattened first, so an {@code [N, 1]} critic output
     * never broadcasts against {@code [N]} rewards into an {@code N x N} matrix (Spinning Up's
     * exercise 2.2).
     */
    public static NDArray backup(NDArray rew, NDArray done, NDArray qNext, double gamma) {
        NDArray flat = qNext.reshape(rew.getShape().get(0));
        return rew.add(done.neg().add(1f).mul(flat).mul((float) gamma));
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
