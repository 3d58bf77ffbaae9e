package io.gymbridge.agents;

/**
 * A learning algorithm as the run command and {@link io.gymbridge.agents.run.ExperimentGrid} see
 * it: a name, an immutable config record with Spinning Up's parameter names and defaults, and a
 * training function.
 *
 * <p>Run flags map onto the config by name: {@code --steps_per_epoch 4000} sets the record
 * component {@code stepsPerEpoch}, {@code --ac_kwargs:hidden_sizes "[64,64]"} the component {@code
 * hiddenSizes} of the nested record {@code acKwargs} (Jackson, snake_case). A config's canonical
 * constructor validates it and names the parameter that is wrong.
 *
 * @param <C> the config record
 */
public interface Algorithm<C extends Record> {

    /** The name on the command line, e.g. {@code ppo}. */
    String name();

    /** The config record type. */
    Class<C> configType();

    /** The config with Spinning Up's defaults. */
    C defaultConfig();

    /**
     * The DJL engine a run uses unless {@code --engine} says otherwise: the one measured faster for
     * this algorithm (docs/benchmarks.md), MXNet unless the algorithm says otherwise.
     */
    default String defaultEngine() {
        return "MXNet";
    }

    /**
     * Trains, writing {@code progress.txt}, {@code config.json} and checkpoints into {@code
     * run.outputDir()}, as Spinning Up does.
     *
     * @throws io.gymbridge.env.EnvException if the env fails (the last checkpoint stays intact)
     * @throws IllegalArgumentException if the env's spaces are not ones the algorithm handles
     */
    void train(C config, RunContext run);
}
