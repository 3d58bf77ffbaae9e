package io.gymbridge.agents.common;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.RunContext;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An {@link Algorithm} made of its parts, so each algorithm declares itself in one statement.
 *
 * @param name the name on the command line
 * @param configType the config record type
 * @param defaults Spinning Up's defaults
 * @param trainer the training function
 * @param <C> the config record
 */
public record AlgorithmSpec<C extends Record>(
        String name, Class<C> configType, Supplier<C> defaults, BiConsumer<C, RunContext> trainer)
        implements Algorithm<C> {

    @Override
    public C defaultConfig() {
        return defaults.get();
    }

    @Override
    public void train(C config, RunContext run) {
        trainer.accept(config, run);
    }
}
