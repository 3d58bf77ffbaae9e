package io.gymbridge.env.random;

/**
 * NumPy's {@code SeedSequence} for a non-negative integer seed and no spawn key: the hash that
 * turns a user's seed into well-mixed words for a bit generator.
 *
 * <p>The constants and the order of operations are those of {@code numpy/random/bit_generator.pyx}
 * ({@code hashmix}, {@code mix}, {@code SeedSequence.mix_entropy} and {@code
 * SeedSequence.generate_state}); all arithmetic is on unsigned 32-bit words, which Java's {@code
 * int} arithmetic gives for free as long as shifts are logical ({@code >>>}).
 */
final class SeedSequence {

    /** Words in the entropy pool ({@code DEFAULT_POOL_SIZE}). */
    static final int POOL_SIZE = 4;

    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;

    /** Half the bits of a word ({@code XSHIFT = 4 * 8 // 2}). */
    private static final int XSHIFT = 16;

    private final int[] pool;

    private SeedSequence(int[] pool) {
        this.pool = pool;
    }

    /**
     * The sequence for {@code SeedSequence(seed)}.
     *
     * @param seed a non-negative seed
     * @return the mixed sequence
     */
    static SeedSequence of(long seed) {
        return new SeedSequence(mixEntropy(entropyWords(seed)));
    }

    /**
     * Python's conversion of a non-negative int to uint32 words, least significant first ({@code
     * _int_to_uint32_array}): 0 is one zero word, and there are no trailing zero words otherwise.
     */
    static int[] entropyWords(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be non-negative: " + seed);
        }
        if (seed >>> 32 == 0) {
            return new int[] {(int) seed};
        }
        return new int[] {(int) seed, (int) (seed >>> 32)};
    }

    /** {@code SeedSequence.mix_entropy}: fills the pool from the entropy words. */
    static int[] mixEntropy(int[] entropy) {
        int[] mixer = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        // Add in the entropy up to the pool size, hashing zeros past its end.
        for (int i = 0; i < POOL_SIZE; i++) {
            mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        // Mix all bits together so late bits can affect earlier bits.
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hashConst));
                }
            }
        }
        // Any entropy beyond the pool size is mixed into every pool word.
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                mixer[dst] = mix(mixer[dst], hashmix(entropy[src], hashConst));
            }
        }
        return mixer;
    }

    /** The pool words, for tests. */
    int[] pool() {
        return pool.clone();
    }

    /**
     * {@code generate_state(n, np.uint64)}: {@code 2 n} uint32 words cycled out of the pool, then
     * paired little-endian into uint64 words (word {@code 2k} is the low half of result {@code k}).
     */
    long[] generateState64(int n) {
        int hashConst = INIT_B;
        long[] out = new long[n];
        for (int i = 0; i < 2 * n; i++) {
            int value = pool[i % POOL_SIZE];
            value ^= hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            long word = Integer.toUnsignedLong(value);
            out[i / 2] |= (i % 2 == 0) ? word : word << 32;
        }
        return out;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> XSHIFT;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> XSHIFT;
        return result;
    }
}
