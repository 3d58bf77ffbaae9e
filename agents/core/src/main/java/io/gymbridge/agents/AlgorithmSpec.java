package io.gymbridge.agents;

import io.gymbridge.agents.config.Hyperparameters;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An {@link Algorithm} made of its parts, so each algorithm declares itself in one statement; its
 * defaults are the config's {@link io.gymbridge.agents.config.Hp} declarations, with {@code
 * changedDefaults} over them (NPG is TRPO with {@code algo = "npg"}).
 *
 * @param name the name on the command line
 * @param configType the config record type
 * @param changedDefaults defaults that differ from the declared ones, by Spinning Up's names
 * @param trainer the training function
 * @param defaultEngine the engine a run uses unless --engine says otherwise
 * @param <C> the config record
 */
public record AlgorithmSpec<C extends Record>(
        String name,
        Class<C> configType,
        Map<String, ?> changedDefaults,
        BiConsumer<C, RunContext> trainer,
        String defaultEngine)
        implements Algorithm<C> {

    /** An algorithm whose defaults are its config's declared ones, trained on MXNet by default. */
    public AlgorithmSpec(String name, Class<C> configType, BiConsumer<C, RunContext> trainer) {
        this(name, configType, Map.of(), trainer, "MXNet");
    }

    /** This algorithm, trained on {@code engine} unless --engine says otherwise. */
    public AlgorithmSpec<C> withDefaultEngine(String engine) {
        return new AlgorithmSpec<>(name, configType, changedDefaults, trainer, engine);
    }

    @Override
    public C defaultConfig() {
        return Hyperparameters.of(configType, changedDefaults);
    }

    @Override
    public void train(C config, RunContext run) {
        trainer.accept(config, run);
    }
}
