package io.gymbridge.agents.common;

import ai.djl.engine.Engine;

/**
 * Seeding of a run, in one place: the DJL engine (as {@code torch.manual_seed}), the envs and the
 * action sampler.
 *
 * <p>Network weights are drawn from a {@link Rng} in Java (PyTorch's default {@code nn.Linear}
 * initialisation), not by the engine, so a seed gives the same initial network on MXNet and
 * PyTorch. Envs are reset at the start of every epoch with {@link #envSeed}: env i of epoch e gets
 * {@code envSeed(seed, e) + i}, and epoch 0 uses {@code seed} itself, as Spinning Up's {@code
 * env.seed(seed)}. Seeding every epoch is what lets a resumed run continue exactly as an
 * uninterrupted one would (an env's internal state cannot be checkpointed).
 */
public final class Seeding {
    private Seeding() {}

    /** Seeds the engine's own generator (used by nothing in the agents today, but by any op). */
    public static void seedEngine(Engine engine, long seed) {
        engine.setRandomSeed((int) seed);
    }

    /** The generator for network initialisation. */
    public static Rng initRng(long seed) {
        return new Rng(seed ^ 0x5DEECE66DL);
    }

    /** The generator for action sampling. */
    public static Rng actionRng(long seed) {
        return new Rng(seed);
    }

    /**
     * The base seed of the envs' resets at the start of {@code epoch}: {@code seed} for epoch 0, a
     * scrambled non-negative 31-bit value for later epochs (env i adds i).
     */
    public static long envSeed(long seed, int epoch) {
        if (epoch == 0) {
            return seed;
        }
        return Rng.mix(seed * 0x9E3779B97F4A7C15L + epoch) >>> 33;
    }
}
