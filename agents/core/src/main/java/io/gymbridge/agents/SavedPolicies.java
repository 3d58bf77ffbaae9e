package io.gymbridge.agents;

import io.gymbridge.agents.checkpoints.Checkpoints;
import io.gymbridge.agents.checkpoints.PolicyExport;
import io.gymbridge.agents.seeding.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loads the policies that training saved, for {@code test-policy}: Spinning Up's {@code
 * load_policy_and_env}.
 */
public final class SavedPolicies {
    private SavedPolicies() {}

    /**
     * The policy of a run's checkpoint: the latest, or the one after {@code epoch}.
     *
     * <p>The policy runs in plain Java from the checkpoint's {@code policy.json}; its stochastic
     * actions are sampled with a generator seeded with 0, its deterministic ones are the argmax or
     * the mean.
     *
     * @param runDir a run's output directory (or one checkpoint directory within it)
     * @param epoch the checkpoint's epoch (0-based, as progress.txt), or empty for the latest
     * @throws IllegalArgumentException if there is no such checkpoint, naming the ones there are
     * @throws UncheckedIOException if the checkpoint cannot be read
     */
    public static LoadedPolicy load(Path runDir, OptionalInt epoch) {
        Path dir;
        Checkpoints.State state;
        if (Files.exists(runDir.resolve("policy.json"))
                && Files.exists(runDir.resolve("state.json"))) {
            dir = runDir;
            state = Checkpoints.readState(runDir);
        } else {
            List<Integer> epochs = Checkpoints.epochs(runDir);
            if (epochs.isEmpty()) {
                throw new IllegalArgumentException(
                        "no checkpoints in "
                                + runDir.resolve("checkpoints")
                                + ": is "
                                + runDir
                                + " a run directory of a finished or checkpointed run?");
            }
            int chosen = epoch.orElse(epochs.get(epochs.size() - 1));
            if (!epochs.contains(chosen)) {
                throw new IllegalArgumentException(
                        "no checkpoint after epoch "
                                + chosen
                                + " in "
                                + runDir
                                + "; there are "
                                + epochs);
            }
            dir = Checkpoints.dir(runDir, chosen);
            state = Checkpoints.readState(dir);
        }
        try {
            Policy policy = PolicyExport.read(dir.resolve("policy.json"), new Rng(0));
            return new LoadedPolicy(policy, state.env(), state.epoch());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("policy.json"), e);
        }
    }
}
