package io.gymbridge.agents.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.checkpoints.PolicyExport;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The networks of an off-policy actor-critic (DDPG, TD3, SAC) as a checkpoint sees them: each saved
 * as {@code <name>.params}, and the actor also as {@code policy.json} with its squashed head and
 * the Box bounds, so that test-policy runs it without DJL. Also the pieces the three share: the
 * deterministic actor's action and exploration, a critic's Q(s, a) and the Bellman backup.
 */
public abstract class OffPolicyNetworks implements Checkpointed, AutoCloseable {
    private final SpaceCodec.Obs obsCodec;
    private final ActionScale scale;
    private final FastPolicy.Head head;
    private FastMlp acting;

    /**
     * Networks for these spaces.
     *
     * @param head how the actor's output becomes an action: {@link FastPolicy.Head#TANH} or {@link
     *     FastPolicy.Head#TANH_GAUSSIAN}
     */
    protected OffPolicyNetworks(SpaceCodec.Obs obsCodec, ActionScale scale, FastPolicy.Head head) {
        this.obsCodec = obsCodec;
        this.scale = scale;
        this.head = head;
    }

    /** The actor's action, tanh of its MLP, in [-1, 1] {@code [N, actDim]}. */
    public static NDArray tanhAction(Mlp actor, NDArray obs) {
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

    /**
     * mu(s) plus Gaussian noise of stddev {@code noise}, clipped to [-1, 1], into {@code a} (DDPG's
     * and TD3's exploration; no noise at test time).
     */
    public static void explore(FastMlp actor, float[] obs, float[] a, double noise, Rng rng) {
        actor.forward(obs, 0, 1, a, 0);
        for (int i = 0; i < a.length; i++) {
            double v = Math.tanh(a[i]) + (noise > 0 ? noise * rng.nextGaussian() : 0);
            a[i] = (float) Math.max(-1, Math.min(1, v));
        }
    }

    /**
     * The acting copy of the actor: what the main loop and the test episodes act with, and what
     * {@code policy.json} exports. Refreshed by {@link #refreshActingCopy} after every update phase
     * and after a checkpoint is loaded.
     */
    public FastMlp actingCopy() {
        if (acting == null) {
            refreshActingCopy();
        }
        return acting;
    }

    /** Copies the actor's current weights into the acting copy. */
    public void refreshActingCopy() {
        acting = actor().toFast();
    }

    /** The networks by checkpoint file name (targets included). */
    protected abstract Map<String, Mlp> networks();

    /** The actor that {@code policy.json} exports. */
    protected abstract Mlp actor();

    @Override
    public void save(Path dir) throws IOException {
        for (Map.Entry<String, Mlp> e : networks().entrySet()) {
            e.getValue().save(dir.resolve(e.getKey() + ".params"));
        }
        PolicyExport.write(
                dir.resolve("policy.json"),
                FastPolicy.squashed(actingCopy(), head, obsCodec, scale, new Rng(0)));
    }

    @Override
    public void load(Path dir) throws IOException {
        for (Map.Entry<String, Mlp> e : networks().entrySet()) {
            e.getValue().load(dir.resolve(e.getKey() + ".params"));
        }
        refreshActingCopy();
    }

    @Override
    public void close() {
        for (Mlp m : networks().values()) {
            m.close();
        }
    }
}
