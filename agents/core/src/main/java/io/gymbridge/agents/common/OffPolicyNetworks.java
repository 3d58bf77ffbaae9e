package io.gymbridge.agents.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The networks of an off-policy actor-critic (DDPG, TD3, SAC) as a checkpoint sees them: each saved
 * as {@code <name>.params}, and the actor also as {@code policy.json} with its squashed head and
 * the Box bounds, so that test-policy runs it without DJL.
 */
public abstract class OffPolicyNetworks implements Checkpointed, AutoCloseable {
    private final SpaceCodec.Obs obsCodec;
    private final ActionScale scale;
    private final FastPolicy.Head head;

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
                FastPolicy.squashed(actor().toFast(), head, obsCodec, scale, new Rng(0)));
    }

    @Override
    public void load(Path dir) throws IOException {
        for (Map.Entry<String, Mlp> e : networks().entrySet()) {
            e.getValue().load(dir.resolve(e.getKey() + ".params"));
        }
    }

    @Override
    public void close() {
        for (Mlp m : networks().values()) {
            m.close();
        }
    }
}
