package io.gymbridge.agents.seeding;

import java.util.random.RandomGenerator;

/**
 * The random generator the agents sample actions with: SplitMix64, whose whole state is one long,
 * so a checkpoint can save it and a resumed run draws the same numbers an uninterrupted one would.
 *
 * <p>{@link #nextDouble()} and {@link #nextGaussian()} are {@link RandomGenerator}'s defaults,
 * which draw only from {@link #nextLong()} and keep no state of their own.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    /** A generator seeded with {@code seed}; equal seeds give equal streams. */
    public Rng(long seed) {
        this.state = mix(seed);
    }

    /** A generator continuing from a {@link #state()} saved earlier. */
    public static Rng restore(long state) {
        Rng rng = new Rng(0);
        rng.state = state;
        return rng;
    }

    /** The state, to save in a checkpoint. */
    public long state() {
        return state;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection that scrambles all 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
