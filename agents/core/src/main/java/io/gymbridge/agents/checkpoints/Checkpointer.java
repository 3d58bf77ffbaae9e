package io.gymbridge.agents.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.djl.Engines;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.EnvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Saves and restores one run's checkpoints (see {@link Checkpoints} for what they hold): the
 * training function's step 8.
 */
public final class Checkpointer {
    private final RunContext run;
    private final String algo;
    private final JsonNode config;
    private final EnvSpec spec;
    private final Checkpointed state;
    private final Map<String, Adam> optimizers;
    private final List<String> latestOnly = new ArrayList<>();

    /**
     * A checkpointer of the run's training state and optimizers.
     *
     * @param state the networks (and, off-policy, the replay buffer)
     * @param optimizers by name; each is saved as {@code <name>_optimizer.bin}
     */
    public Checkpointer(
            RunContext run,
            String algo,
            JsonNode config,
            EnvSpec spec,
            Checkpointed state,
            Map<String, Adam> optimizers) {
        this.run = run;
        this.algo = algo;
        this.config = config;
        this.spec = spec;
        this.state = state;
        this.optimizers = Map.copyOf(optimizers);
    }

    /**
     * Keeps the file {@code fileName} in the latest checkpoint only, deleting it from the earlier
     * ones after each save: for large state such as a replay buffer, which only {@code --resume}
     * needs.
     */
    public Checkpointer keepInLatestOnly(String fileName) {
        latestOnly.add(fileName);
        return this;
    }

    /**
     * Where training starts: the state of the checkpoint after {@code resumeFrom}, restored into
     * the training state and optimizers; or, for a fresh run, epoch -1 at time 0 with {@code rng}'s
     * state.
     */
    public Checkpoints.State restoreOrStart(OptionalInt resumeFrom, Rng rng) {
        if (resumeFrom.isEmpty()) {
            return new Checkpoints.State(
                    algo, -1, 0, 0, rng.state(), run.env(), Checkpoints.Spec.of(spec), engine());
        }
        return Checkpoints.restore(run.outputDir(), resumeFrom.getAsInt(), algo, state, optimizers);
    }

    /** Saves the checkpoint after {@code epoch}. */
    public void save(int epoch, long totalEnvInteracts, double elapsedSeconds, Rng rng) {
        Checkpoints.save(
                run.outputDir(),
                new Checkpoints.State(
                        algo,
                        epoch,
                        totalEnvInteracts,
                        elapsedSeconds,
                        rng.state(),
                        run.env(),
                        Checkpoints.Spec.of(spec),
                        engine()),
                config,
                state,
                optimizers);
        for (String file : latestOnly) {
            Checkpoints.dropFromEarlier(run.outputDir(), epoch, file);
        }
    }

    private String engine() {
        return Engines.canonicalName(run.engine());
    }
}
