package io.gymbridge.agents.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.gymbridge.agents.RunContext;
import io.gymbridge.env.EnvSpec;
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
    private final MlpActorCritic ac;
    private final Map<String, Adam> optimizers;

    /**
     * A checkpointer of the run's actor-critic and optimizers.
     *
     * @param optimizers by name; each is saved as {@code <name>_optimizer.bin}
     */
    public Checkpointer(
            RunContext run,
            String algo,
            JsonNode config,
            EnvSpec spec,
            MlpActorCritic ac,
            Map<String, Adam> optimizers) {
        this.run = run;
        this.algo = algo;
        this.config = config;
        this.spec = spec;
        this.ac = ac;
        this.optimizers = Map.copyOf(optimizers);
    }

    /**
     * Where training starts: the state of the checkpoint after {@code resumeFrom}, restored into
     * the actor-critic and optimizers; or, for a fresh run, epoch -1 at time 0 with {@code rng}'s
     * state.
     */
    public Checkpoints.State restoreOrStart(OptionalInt resumeFrom, Rng rng) {
        if (resumeFrom.isEmpty()) {
            return new Checkpoints.State(
                    algo, -1, 0, 0, rng.state(), run.env(), Checkpoints.Spec.of(spec), engine());
        }
        return Checkpoints.restore(run.outputDir(), resumeFrom.getAsInt(), algo, ac, optimizers);
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
                ac,
                optimizers);
    }

    private String engine() {
        return ac.manager().getEngine().getEngineName();
    }
}
