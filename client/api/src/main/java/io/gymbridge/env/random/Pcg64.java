package io.gymbridge.env.random;

/**
 * NumPy's {@code PCG64} bit generator: PCG-XSL-RR 128/64, a 128-bit linear congruential generator
 * whose output is the xor of the state's two halves rotated right by the state's top 6 bits.
 *
 * <p>Facts from {@code numpy/random/src/pcg64/pcg64.h} and {@code _pcg64.pyx}: the state advances
 * before each output ({@code pcg_setseq_128_xsl_rr_64_random_r}), seeding is {@code
 * pcg_setseq_128_srandom_r}, and 32-bit draws split one 64-bit draw, low half first, keeping the
 * high half for the next 32-bit draw ({@code pcg64_next32}; 64-bit draws neither use nor clear it).
 * A 128-bit value is held as a pair of {@code long}s, high and low, and all arithmetic is modulo
 * 2<sup>128</sup>.
 */
final class Pcg64 {

    /** {@code PCG_DEFAULT_MULTIPLIER_128 = 0x2360ed051fc65da44385df649fccf645}. */
    private static final long MULT_HI = 0x2360ed051fc65da4L;

    private static final long MULT_LO = 0x4385df649fccf645L;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasUint32;
    private int uinteger;

    /**
     * {@code pcg64_set_seed(state, seed, inc)} followed by {@code srandom(initstate, initseq)}.
     *
     * @param seed the four uint64 words of {@code SeedSequence.generate_state(4, np.uint64)}: words
     *     0 and 1 are the high and low halves of {@code initstate}, words 2 and 3 those of {@code
     *     initseq}
     */
    Pcg64(long[] seed) {
        long seqHi = seed[2];
        long seqLo = seed[3];
        // inc = (initseq << 1) | 1, always odd.
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        addToState(seed[0], seed[1]);
        step();
    }

    /** The next raw 64 bits, {@code next_uint64}. */
    long nextUint64() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** The next 32 bits, {@code next_uint32}, as NumPy buffers them. */
    int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextUint64();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /** state = state * MULT + inc (mod 2^128). */
    private void step() {
        long lo = stateLo * MULT_LO;
        long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateHi * MULT_LO + stateLo * MULT_HI;
        stateHi = hi;
        stateLo = lo;
        addToState(incHi, incLo);
    }

    private void addToState(long hi, long lo) {
        long sumLo = stateLo + lo;
        long carry = Long.compareUnsigned(sumLo, stateLo) < 0 ? 1L : 0L;
        stateHi = stateHi + hi + carry;
        stateLo = sumLo;
    }

    /** The high 64 bits of the unsigned 128-bit product (Java 18's Math.unsignedMultiplyHigh). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The 128-bit state as {high, low}, for tests. */
    long[] state() {
        return new long[] {stateHi, stateLo};
    }

    /** The 128-bit increment as {high, low}, for tests. */
    long[] increment() {
        return new long[] {incHi, incLo};
    }
}
