package io.gymbridge.agents.td3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.ActionScale;
import io.gymbridge.agents.common.Checkpointed;
import io.gymbridge.agents.common.FastPolicy;
import io.gymbridge.agents.common.Mlp;
import io.gymbridge.agents.common.Network;
import io.gymbridge.agents.common.PolicyExport;
import io.gymbridge.agents.common.Rng;
import io.gymbridge.agents.common.SpaceCodec;
import io.gymbridge.agents.common.TwinMlp;
import io.gymbridge.agents.ddpg.DdpgActorCritic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * TD3's actor-critic: DDPG's deterministic actor {@code mu(s) = tanh(MLP(s))} in normalised units,
 * and two critics Q1, Q2 ("clipped double-Q") run as one {@link TwinMlp}, each with a target copy.
 * A checkpoint holds the actor, the critics and their targets, and the actor as {@code
 * policy.json}.
 */
final class Td3ActorCritic implements AutoCloseable, Checkpointed {
    final Mlp pi;
    final TwinMlp q;
    final Mlp piTarg;
    final TwinMlp qTarg;
    private final SpaceCodec.Obs obsCodec;
    private final ActionScale scale;

    Td3ActorCritic(
            NDManager manager,
            SpaceCodec.Obs obsCodec,
            ActionScale scale,
            AcKwargs kwargs,
            Rng initRng) {
        this.obsCodec = obsCodec;
        this.scale = scale;
        int obsDim = obsCodec.size();
        int actDim = scale.size();
        pi = new Mlp(manager, obsDim, actDim, kwargs, initRng, true);
        q = new TwinMlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        piTarg = new Mlp(manager, obsDim, actDim, kwargs, initRng, false);
        qTarg = new TwinMlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        piTarg.copyFrom(pi);
        qTarg.copyFrom(q);
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
     * [N]}, from the target critics' values {@code qNext} {@code [2, N]}.
     */
    static NDArray backup(NDArray rew, NDArray done, NDArray qNext, double gamma) {
        return DdpgActorCritic.backup(rew, done, qNext.min(new int[] {0}), gamma);
    }

    long[] parameterCounts() {
        return new long[] {pi.size(), q.size()};
    }

    @Override
    public void save(Path dir) throws IOException {
        pi.save(dir.resolve("pi.params"));
        piTarg.save(dir.resolve("pi_targ.params"));
        q.save(dir.resolve("q.params"));
        qTarg.save(dir.resolve("q_targ.params"));
        PolicyExport.write(
                dir.resolve("policy.json"),
                FastPolicy.squashed(
                        pi.toFast(), FastPolicy.Head.TANH, obsCodec, scale, new Rng(0)));
    }

    @Override
    public void load(Path dir) throws IOException {
        pi.load(dir.resolve("pi.params"));
        piTarg.load(dir.resolve("pi_targ.params"));
        q.load(dir.resolve("q.params"));
        qTarg.load(dir.resolve("q_targ.params"));
    }

    @Override
    public void close() {
        for (Network m : List.of(pi, q, piTarg, qTarg)) {
            m.close();
        }
    }
}
