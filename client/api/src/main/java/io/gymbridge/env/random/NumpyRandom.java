package io.gymbridge.env.random;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The random numbers Gymnasium's environments draw, bit for bit: a port of {@code
 * gymnasium.utils.seeding.np_random(seed)}, which is {@code
 * np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))}.
 *
 * <p>Use it wherever an env or a space samples, so that {@code reset(seed=s)} in Java starts from
 * exactly the state Gymnasium starts from, and the reference episodes recorded with Python can be
 * replayed. Not thread-safe, like NumPy's {@code Generator}; give each env its own.
 *
 * <h2>Algorithm</h2>
 *
 * <pre>
 * 1. entropy  = the seed as uint32 words, least significant first     (0 -&gt; [0])
 * 2. pool     = SeedSequence.mix_entropy(entropy)                      4 uint32 words
 * 3. words    = SeedSequence.generate_state(4, uint64)                 8 uint32 hashed out of the
 *                                                                      pool, paired little-endian
 * 4. PCG64    : initstate = words[0]:words[1], initseq = words[2]:words[3]   (high:low, 128 bits)
 *               inc = initseq &lt;&lt; 1 | 1;  state = 0;  step;  state += initstate;  step
 *               step: state = state * 0x2360ed051fc65da44385df649fccf645 + inc   (mod 2^128)
 * 5. next_uint64: step, then rotr64(high(state) ^ low(state), high(state) &gt;&gt;&gt; 58)
 *    next_uint32: low half of a next_uint64, the high half kept for the following call
 * 6. random()          = (next_uint64 &gt;&gt;&gt; 11) * 2^-53
 *    uniform(lo, hi)   = lo + (hi - lo) * random()
 *    integers(lo, hi)  = lo + Lemire's bounded draw of r = hi - 1 - lo: 32-bit draws
 *                        (buffered, as next_uint32) when r &lt; 2^32 - 1, one plain next_uint32 when
 *                        r = 2^32 - 1, 64-bit draws otherwise
 * 7. standard_normal() = the ziggurat on next_uint64 (tries) and random() (wedge and tail)
 *    normal(loc, scale) = loc + scale * standard_normal()
 * </pre>
 *
 * <p>Sources, all in the NumPy repository: steps 1-3 {@code numpy/random/bit_generator.pyx} ({@code
 * _int_to_uint32_array}, {@code SeedSequence}); step 4 {@code numpy/random/_pcg64.pyx} ({@code
 * _seed_seq}) and {@code numpy/random/src/pcg64/pcg64.h} ({@code pcg64_set_seed}, {@code
 * pcg_setseq_128_srandom_r}); step 5 {@code pcg64.h} ({@code pcg_setseq_128_xsl_rr_64_random_r},
 * {@code pcg64_next32}); step 6 {@code numpy/random/_generator.pyx} ({@code random}, {@code
 * uniform}, {@code integers}), {@code numpy/random/_bounded_integers.pyx.in} ({@code _rand_int64})
 * and {@code numpy/random/src/distributions/distributions.c} ({@code random_uniform}, {@code
 * random_bounded_uint64_fill}, {@code buffered_bounded_lemire_uint32}, {@code
 * bounded_lemire_uint64}); step 7 {@code distributions.c} ({@code random_standard_normal}, {@code
 * random_normal}) and {@code ziggurat_constants.h}. {@code integers} follows the default {@code
 * dtype=np.int64}, the one {@code Discrete.sample} uses.
 *
 * <p>One inexactness: NumPy's normal tail goes through the C library's {@code log1p}, which Java
 * does not reproduce, so about one {@link #standardNormal()} draw in 80 million, always beyond
 * ±3.654, differs from NumPy's in its last bit; the stream itself stays in step (see there).
 *
 * <h2>As a {@link RandomGenerator}</h2>
 *
 * <p>It can be passed to {@code Space.sample}. Where NumPy has a counterpart, the {@code
 * RandomGenerator} methods give NumPy's numbers: {@link #nextLong()} is {@code random_raw()},
 * {@link #nextDouble()} is {@code random()}, {@link #nextInt()} is the buffered 32-bit draw, {@link
 * #nextFloat()} is {@code random(dtype=np.float32)}, and {@code nextInt(bound)}, {@code
 * nextInt(origin, bound)}, {@code nextLong(bound)} and {@code nextLong(origin, bound)} are {@code
 * integers(origin, bound)}, so {@code Discrete(n).sample(rng)} draws what Gymnasium's does. The
 * other methods ({@code nextGaussian}, {@code nextExponential}, {@code nextDouble(origin, bound)},
 * ...) keep Java's algorithms on top of this stream, which are not NumPy's: for NumPy's normal
 * draws call {@link #standardNormal()} or {@link #normal(double, double)}, not {@code
 * nextGaussian}.
 */
public final class NumpyRandom implements RandomGenerator {

    /** 2<sup>-53</sup>, the spacing of the doubles {@link #nextDouble()} returns. */
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    /** 2<sup>-24</sup>, the spacing of the floats {@link #nextFloat()} returns. */
    private static final float FLOAT_UNIT = 0x1.0p-24f;

    private static final long UINT32_MAX = 0xFFFFFFFFL;

    private final long seed;
    private final Pcg64 bits;

    private NumpyRandom(long seed) {
        this.seed = seed;
        this.bits = new Pcg64(SeedSequence.of(seed).generateState64(4));
    }

    /**
     * The generator Gymnasium's {@code np_random(seed)} makes.
     *
     * @param seed a non-negative seed, as Gymnasium requires
     * @return a generator in the same state as NumPy's for that seed
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public static NumpyRandom fromSeed(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException(
                    "Seed must be greater or equal to zero, actual value: " + seed);
        }
        return new NumpyRandom(seed);
    }

    /**
     * A generator seeded from the operating system, as for {@code reset(seed=None)} on a fresh env.
     *
     * <p>NumPy draws 128 bits of entropy here; this draws a 63-bit seed instead, so that {@link
     * #seed()} can report a {@code long} that reproduces the generator.
     *
     * @return a freshly seeded generator
     */
    public static NumpyRandom fromEntropy() {
        return fromSeed(new SecureRandom().nextLong() >>> 1);
    }

    /**
     * The seed this generator was made from ({@code np_random_seed} in Gymnasium).
     *
     * @return the seed, also for generators made by {@link #fromEntropy()}
     */
    public long seed() {
        return seed;
    }

    /**
     * The next raw 64 bits of the PCG64 stream ({@code bit_generator.random_raw()}).
     *
     * @return 64 random bits; read as unsigned to compare with NumPy's uint64
     */
    @Override
    public long nextLong() {
        return bits.nextUint64();
    }

    /**
     * The next 32 bits as NumPy's {@code next_uint32} gives them: the low half of a 64-bit draw,
     * then its high half on the following call.
     *
     * @return 32 random bits
     */
    @Override
    public int nextInt() {
        return bits.nextUint32();
    }

    /**
     * A double uniform in [0, 1) with 53 random bits ({@code Generator.random()}).
     *
     * @return a multiple of 2<sup>-53</sup> in [0, 1)
     */
    @Override
    public double nextDouble() {
        return (bits.nextUint64() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * A float uniform in [0, 1) with 24 random bits ({@code Generator.random(dtype=np.float32)}),
     * from a 32-bit draw.
     *
     * @return a multiple of 2<sup>-24</sup> in [0, 1)
     */
    @Override
    public float nextFloat() {
        return (bits.nextUint32() >>> 8) * FLOAT_UNIT;
    }

    /**
     * One draw of {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}.
     *
     * <p>As in floating point generally, {@code high} itself can come out when the range is large
     * relative to the spacing of doubles near {@code high}.
     *
     * @param low the lower bound, included
     * @param high the upper bound, excluded
     * @return a value in [low, high)
     * @throws IllegalArgumentException if {@code high < low} or {@code high - low} is not finite,
     *     as NumPy raises
     */
    public double uniform(double low, double high) {
        double range = checkedRange(low, high, -1);
        return low + range * nextDouble();
    }

    /**
     * {@code Generator.uniform(low, high, size=(size,))}: {@code size} draws, in order.
     *
     * @param low the lower bound, included
     * @param high the upper bound, excluded
     * @param size how many values; 0 gives an empty array without drawing
     * @return the values
     * @throws IllegalArgumentException if {@code size} is negative, {@code high < low} or {@code
     *     high - low} is not finite
     */
    public double[] uniform(double low, double high, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be non-negative: " + size);
        }
        double range = checkedRange(low, high, -1);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = low + range * nextDouble();
        }
        return out;
    }

    /**
     * {@code Generator.uniform(low=low, high=high)} with arrays of bounds: element {@code i} is
     * drawn from [low[i], high[i]), in index order, one {@link #nextDouble()} each.
     *
     * @param low the lower bounds
     * @param high the upper bounds, as many as {@code low}
     * @return the values
     * @throws IllegalArgumentException if the lengths differ, or for an index where {@code high <
     *     low} or {@code high - low} is not finite (all are checked before anything is drawn, as
     *     NumPy does)
     */
    public double[] uniform(double[] low, double[] high) {
        if (low.length != high.length) {
            throw new IllegalArgumentException(
                    "low and high differ in length: " + low.length + " != " + high.length);
        }
        double[] range = new double[low.length];
        for (int i = 0; i < low.length; i++) {
            range[i] = checkedRange(low[i], high[i], i);
        }
        double[] out = new double[low.length];
        for (int i = 0; i < low.length; i++) {
            out[i] = low[i] + range[i] * nextDouble();
        }
        return out;
    }

    /**
     * One draw of {@code Generator.standard_normal()} (float64): NumPy's ziggurat, {@code
     * random_standard_normal}, consuming the stream as NumPy does, so that draws after it stay in
     * step.
     *
     * <p>Each try takes one 64-bit draw (its low 8 bits a layer, bit 8 the sign, the next 52 bits a
     * magnitude) and ends in one of three paths, at the rates measured over 500 million draws
     * (1.0067 tries each):
     *
     * <ul>
     *   <li>main, 98.5% of tries: the value is the magnitude times a table entry, after an integer
     *       comparison. Exact arithmetic, so always NumPy's double.
     *   <li>wedge, 1.47% of tries: one more {@link #nextDouble()} {@code u}, and the try is
     *       accepted if a linear function of {@code u} is below {@code exp(-x*x/2)}.
     *   <li>tail, 0.026% of tries (about 1 draw in 3,900, all beyond ±3.654): pairs of {@link
     *       #nextDouble()} {@code u1, u2} until an acceptance test on {@code log1p(-u1)} and {@code
     *       log1p(-u2)}; the value is {@code ±(R - log1p(-u1) / R)} for {@code R = 3.654...}.
     * </ul>
     *
     * <p>NumPy takes {@code exp} and {@code log1p} from the C library (glibc on Linux), which is
     * not correctly rounded, and neither {@link Math} nor {@link StrictMath} reproduces it bit for
     * bit. This uses {@code StrictMath} (fdlibm), which gives the same on every JVM. Measured
     * against glibc 2.36 on x86-64 with FMA, as NumPy 1.24 calls it:
     *
     * <ul>
     *   <li>{@code exp} is only compared with, so a last-bit difference would matter only if the
     *       left side fell between the two results. {@code StrictMath.exp} differs from glibc's on
     *       9.3% of wedge arguments ({@code Math.exp}, a HotSpot intrinsic, on 0.25%), yet neither
     *       changed one of 100 million simulated wedge decisions, nor any of the 7.4 million wedge
     *       tests in the 500 million draws: the stream stays in step with NumPy's.
     *   <li>{@code log1p} ({@code Math.log1p} gives the same) differs from glibc's on 0.073% of
     *       tail arguments. It changed no acceptance in 100 million simulated tail tries, but the
     *       value returned differs in its last bit for 0.003% of them. Of the 500 million draws
     *       (130,024 in the tail) 6 differ from NumPy's, each by one ulp: about 1 draw in 80
     *       million. NumPy itself is no steadier there: glibc picks its {@code log1p} by CPU, and
     *       the variant without FMA changes 0.0016% of tail values.
     * </ul>
     *
     * @return a standard normal value, NumPy's double for the same state (up to that one ulp on
     *     rare tail values)
     */
    public double standardNormal() {
        return NormalZiggurat.standardNormal(bits);
    }

    /**
     * {@code Generator.standard_normal(size=(size,))}: {@code size} draws of {@link
     * #standardNormal()}, in order (NumPy fills the array with the same scalar draws).
     *
     * @param size how many values; 0 gives an empty array without drawing
     * @return the values
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public double[] standardNormal(int size) {
        double[] out = new double[checkedSize(size)];
        for (int i = 0; i < size; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /**
     * One draw of {@code Generator.normal(loc, scale)}: {@code loc + scale * standardNormal()}, as
     * NumPy's {@code random_normal} computes it (a multiply, then an add; no fused multiply-add).
     *
     * @param loc the mean
     * @param scale the standard deviation; 0 gives {@code loc} (after a draw, as in NumPy)
     * @return the value
     * @throws IllegalArgumentException if {@code scale} is negative, {@code -0.0} included, as
     *     NumPy raises (NaN is let through, as NumPy lets it through)
     */
    public double normal(double loc, double scale) {
        checkScale(scale);
        return loc + scale * standardNormal();
    }

    /**
     * {@code Generator.normal(loc, scale, size=(size,))}: {@code size} draws of {@link
     * #normal(double, double)}, in order.
     *
     * @param loc the mean
     * @param scale the standard deviation
     * @param size how many values; 0 gives an empty array without drawing
     * @return the values
     * @throws IllegalArgumentException if {@code size} is negative, or {@code scale} is negative
     *     ({@code -0.0} included)
     */
    public double[] normal(double loc, double scale, int size) {
        checkScale(scale);
        double[] out = new double[checkedSize(size)];
        for (int i = 0; i < size; i++) {
            out[i] = loc + scale * standardNormal();
        }
        return out;
    }

    /**
     * {@code Generator.integers(low, high)} with the default int64 dtype: uniform in [low, high).
     *
     * @param low the lowest value, included
     * @param high one above the highest value
     * @return a value in [low, high)
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public int integers(int low, int high) {
        return (int) integers((long) low, (long) high);
    }

    /**
     * {@code Generator.integers(low, high)} with the default int64 dtype: uniform in [low, high).
     *
     * @param low the lowest value, included
     * @param high one above the highest value
     * @return a value in [low, high)
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public long integers(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("low >= high: low=" + low + ", high=" + high);
        }
        // NumPy draws on the closed interval [low, high - 1]; rng is its width minus one, unsigned.
        long rng = high - 1 - low;
        if (rng == 0) {
            return low;
        }
        if (Long.compareUnsigned(rng, UINT32_MAX) < 0) {
            return low + boundedLemire32(rng);
        }
        if (rng == UINT32_MAX) {
            return low + Integer.toUnsignedLong(bits.nextUint32());
        }
        // rng never reaches 2^64 - 1 here: high is exclusive, so the width is below 2^64.
        return low + boundedLemire64(rng);
    }

    /**
     * {@code integers(0, bound)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public int nextInt(int bound) {
        return integers(0, bound);
    }

    /**
     * {@code integers(origin, bound)}.
     *
     * @throws IllegalArgumentException if {@code origin >= bound}
     */
    @Override
    public int nextInt(int origin, int bound) {
        return integers(origin, bound);
    }

    /**
     * {@code integers(0, bound)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public long nextLong(long bound) {
        return integers(0L, bound);
    }

    /**
     * {@code integers(origin, bound)}.
     *
     * @throws IllegalArgumentException if {@code origin >= bound}
     */
    @Override
    public long nextLong(long origin, long bound) {
        return integers(origin, bound);
    }

    /** {@code buffered_bounded_lemire_uint32}: unbiased in [0, rng] for rng below 2^32 - 1. */
    private long boundedLemire32(long rng) {
        long rngExcl = rng + 1;
        long m = Integer.toUnsignedLong(bits.nextUint32()) * rngExcl;
        long leftover = m & UINT32_MAX;
        if (leftover < rngExcl) {
            long threshold = (UINT32_MAX - rng) % rngExcl;
            while (leftover < threshold) {
                m = Integer.toUnsignedLong(bits.nextUint32()) * rngExcl;
                leftover = m & UINT32_MAX;
            }
        }
        return m >>> 32;
    }

    /** {@code bounded_lemire_uint64}: unbiased in [0, rng] (unsigned) for rng below 2^64 - 1. */
    private long boundedLemire64(long rng) {
        long rngExcl = rng + 1;
        long x = bits.nextUint64();
        long leftover = x * rngExcl;
        if (Long.compareUnsigned(leftover, rngExcl) < 0) {
            long threshold = Long.remainderUnsigned(-1L - rng, rngExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = bits.nextUint64();
                leftover = x * rngExcl;
            }
        }
        return Pcg64.unsignedMultiplyHigh(x, rngExcl);
    }

    /** NumPy's {@code CONS_NON_NEGATIVE} check of {@code scale}: its sign bit, unless NaN. */
    private static void checkScale(double scale) {
        if (!Double.isNaN(scale) && Double.doubleToRawLongBits(scale) < 0) {
            throw new IllegalArgumentException("scale < 0: " + scale);
        }
    }

    private static int checkedSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be non-negative: " + size);
        }
        return size;
    }

    /** high - low, rejected as NumPy's uniform rejects it; index -1 for scalar bounds. */
    private static double checkedRange(double low, double high, int index) {
        double range = high - low;
        String where = index < 0 ? "" : " at index " + index;
        if (!Double.isFinite(range)) {
            throw new IllegalArgumentException(
                    "high - low range exceeds valid bounds"
                            + where
                            + ": low="
                            + low
                            + ", high="
                            + high);
        }
        if (range < 0) {
            throw new IllegalArgumentException(
                    "high - low < 0" + where + ": low=" + low + ", high=" + high);
        }
        return range;
    }
}
