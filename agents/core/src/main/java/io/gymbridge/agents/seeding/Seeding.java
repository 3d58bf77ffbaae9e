package io.gymbridge.agents.seeding;

import ai.djl.engine.Engine;

/**
 * Seeding of a run, in one place: the DJL engine (as {@code torch.manual_seed}), the envs and the
 * action sampler.
 *
 * <p>Network weights are drawn from a {@link Rng} in Java (PyTorch's default {@code nn.Linear}
 * initialisation), not by the engine, so a seed gives the same initial network on MXNet and
 * PyTorch. The envs are seeded once, at their first reset: env i with {@code seed + i} in a new run
 * (Spinning Up's {@code env.seed(seed)}), with {@code envSeed(seed, e) + i} in a run resumed at
 * epoch e. An env's state cannot be checkpointed, so a resumed run starts fresh episodes; it is
 * reproducible, but not the same as the run that was never interrupted.
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
     * The base seed of the envs' first reset when training starts at {@code epoch}: {@code seed}
     * for epoch 0, a scrambled non-negative 31-bit value for later epochs (env i adds i).
     */
    public static long envSeed(long seed, int epoch) {
        if (epoch == 0) {
            return seed;
        }
        return Rng.mix(seed * 0x9E3779B97F4A7C15L + epoch) >>> 33;
    }
}
