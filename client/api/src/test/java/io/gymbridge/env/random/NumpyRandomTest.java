package io.gymbridge.env.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.spaces.Discrete;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bit-for-bit comparisons with NumPy.
 *
 * <p>Where the expected values come from:
 *
 * <ul>
 *   <li>"reference": the {@code reset_state} of the episodes in {@code
 *       /work/shared/reference/gymnasium-1.4.0/*.jsonl} (Gymnasium 1.4.0, NumPy 1.24), copied into
 *       the classic-control module's test resources;
 *   <li>"numpy": printed by NumPy 2.4 with {@code g = np.random.Generator(np.random.PCG64(
 *       np.random.SeedSequence(seed)))} and the calls named in each test (the PCG64 stream and
 *       these methods are unchanged since NumPy 1.17).
 *   <li>"numpy 1.24": the same, printed with {@code repr} by Debian 12's NumPy 1.24.2 ({@code
 *       /usr/bin/python3}) on x86-64, the NumPy the MuJoCo references were recorded with.
 *   <li>"mujoco reference": the {@code reset_set_qpos}/{@code reset_set_qvel} of the episodes in
 *       {@code /work/shared/reference/gymnasium-1.4.0-mujoco/HalfCheetah-v5.jsonl.gz} (Gymnasium
 *       1.4.0, NumPy 1.24.2).
 * </ul>
 *
 * Doubles are compared with {@code assertArrayEquals(double[], double[])}, which is exact.
 */
class NumpyRandomTest {

    @Test
    void seedSequence_seed0_matchesNumpyPool() {
        // numpy: np.random.SeedSequence(0).pool, .generate_state(4, np.uint64)
        SeedSequence seq = SeedSequence.of(0);
        assertArrayEquals(new int[] {0xfe40eb07, 0x4f363a36, 0x4eb2009d, 0xc89a7aa7}, seq.pool());
        assertArrayEquals(
                new long[] {
                    0xdb2cd7e7b0f478beL,
                    0xabf4641a2c71ba49L,
                    0x20c6ed6d9d7b8d41L,
                    0x2c4099de223c39d4L
                },
                seq.generateState64(4));
    }

    @Test
    void seedSequence_twoWordSeeds_matchNumpyPool() {
        // numpy: SeedSequence(2**32).pool and SeedSequence(2**63 - 1).pool
        assertArrayEquals(
                new int[] {0xe0f3eff2, 0xdccd2c4e, 0x17f18c20, 0x9b8cb8db},
                SeedSequence.of(1L << 32).pool());
        assertArrayEquals(
                new int[] {0x09e1e4c3, 0xc2124393, 0x2dc2f6ce, 0x2470a9a4},
                SeedSequence.of(Long.MAX_VALUE).pool());
    }

    @Test
    void entropyWords_splitsLittleEndian() {
        assertArrayEquals(new int[] {0}, SeedSequence.entropyWords(0));
        assertArrayEquals(new int[] {0xffffffff}, SeedSequence.entropyWords(0xffffffffL));
        assertArrayEquals(new int[] {0, 1}, SeedSequence.entropyWords(1L << 32));
    }

    @Test
    void pcg64_seeded_matchesNumpyStateAndIncrement() {
        // numpy: PCG64(SeedSequence(s)).state['state'] -> {'state': ..., 'inc': ...}
        Pcg64 seed0 = new Pcg64(SeedSequence.of(0).generateState64(4));
        assertArrayEquals(new long[] {0x1aa1b5345996452dL, 0x09585eb7a69561e3L}, seed0.state());
        assertArrayEquals(new long[] {0x418ddadb3af71a82L, 0x588133bc447873a9L}, seed0.increment());

        Pcg64 seed12345 = new Pcg64(SeedSequence.of(12345).generateState64(4));
        assertArrayEquals(new long[] {0x1905e0335aae9634L, 0x9199b0d09775add5L}, seed12345.state());
        assertArrayEquals(
                new long[] {0xc9c7353e6e2b1f28L, 0x7d761f2d4027fae7L}, seed12345.increment());
    }

    @Test
    void nextLong_matchesNumpyRandomRaw() {
        // numpy: g.bit_generator.random_raw(3)
        assertArrayEquals(
                new long[] {0xa30febcfd9c2825fL, 0x4510bdf882d9d721L, 0x0a7d3da94ecde8b8L},
                longs(NumpyRandom.fromSeed(0), 3));
        assertArrayEquals(
                new long[] {0xe3c5ebe285ac1625L, 0x8ea09968fe31dbccL, 0xcd084ff84d8de9beL},
                longs(NumpyRandom.fromSeed(1L << 32), 3));
        assertArrayEquals(
                new long[] {0x2ceb59116fb27514L, 0x784d3e7d390dc57cL, 0xd335a7689ce43488L},
                longs(NumpyRandom.fromSeed(Long.MAX_VALUE), 3));
    }

    @Test
    void nextDouble_matchesNumpyRandom() {
        // numpy: g.random(3)
        assertArrayEquals(
                new double[] {0.6369616873214543, 0.2697867137638703, 0.04097352393619469},
                doubles(NumpyRandom.fromSeed(0), 3));
        assertArrayEquals(
                new double[] {0.22733602246716966, 0.31675833970975287, 0.7973654573327341},
                doubles(NumpyRandom.fromSeed(12345), 3));
    }

    @Test
    void uniformSize_matchesCartPoleResetStates() {
        // reference: CartPole-v1 reset_state = np_random.uniform(low=-0.05, high=0.05, size=(4,))
        long[] seeds = {0, 1, 2, 42, 12345};
        double[][] expected = {
            {
                0.013696168732145436,
                -0.02302132862361297,
                -0.045902647606380534,
                -0.04834723644714709
            },
            {
                0.0011821624700256717,
                0.045046369632593536,
                -0.03558403872803663,
                0.04486494471372439
            },
            {-0.02383878657506836, -0.02015088565858767, 0.03142257405942804, -0.04080840578649031},
            {
                0.027395604855596334,
                -0.006112156024794771,
                0.03585979199113824,
                0.019736802905936393
            },
            {
                -0.027266397753283034,
                -0.018324166029024716,
                0.029736545733273417,
                0.017625467075097462
            },
        };
        for (int i = 0; i < seeds.length; i++) {
            double[] actual = NumpyRandom.fromSeed(seeds[i]).uniform(-0.05, 0.05, 4);
            assertArrayEquals(expected[i], actual, "seed " + seeds[i]);
        }
    }

    @Test
    void uniformArrays_matchPendulumResetStates() {
        // reference: Pendulum-v1 reset_state = np_random.uniform(low=-high, high=high), high=[pi,
        // 1]
        double[] high = {Math.PI, 1.0};
        double[] low = {-Math.PI, -1.0};
        assertArrayEquals(
                new double[] {0.8605556614246863, -0.4604265724722594},
                NumpyRandom.fromSeed(0).uniform(low, high));
        assertArrayEquals(
                new double[] {1.721316619099806, -0.12224312049589536},
                NumpyRandom.fromSeed(42).uniform(low, high));
        assertArrayEquals(
                new double[] {-1.7131982974314244, -0.36648332058049427},
                NumpyRandom.fromSeed(12345).uniform(low, high));
    }

    @Test
    void uniformScalar_matchesMountainCarResetPositions() {
        // reference: MountainCar-v0 reset_state[0] = np_random.uniform(low=-0.6, high=-0.4)
        assertExactly(-0.4726076625357092, NumpyRandom.fromSeed(0).uniform(-0.6, -0.4));
        assertExactly(-0.49763567505994866, NumpyRandom.fromSeed(1).uniform(-0.6, -0.4));
        assertExactly(-0.5545327955065661, NumpyRandom.fromSeed(12345).uniform(-0.6, -0.4));
    }

    @Test
    void uniformSize_castToFloat_matchesAcrobotResetStates() {
        // reference: Acrobot-v1 reset_state = uniform(-0.1, 0.1, size=(4,)).astype(np.float32)
        double[] drawn = NumpyRandom.fromSeed(2).uniform(-0.1, 0.1, 4);
        double[] asFloat32 = new double[4];
        for (int i = 0; i < 4; i++) {
            asFloat32[i] = (float) drawn[i];
        }
        assertArrayEquals(
                new double[] {
                    -0.047677572816610336,
                    -0.040301769971847534,
                    0.0628451481461525,
                    -0.08161681145429611
                },
                asFloat32);
    }

    @Test
    void integers_mixedRangesAndDraws_matchNumpy() {
        // numpy, one generator g for seed 7, in this order: g.integers(2), g.integers(2),
        // g.integers(3), g.random(), g.integers(10), g.integers(-5, 5), g.integers(0, 2**32),
        // g.integers(0, 2**32 + 1), g.integers(-2**63, 2**63 - 1), g.integers(10**18),
        // g.integers(7). Covers the buffered 32-bit half-words, the plain 32-bit draw for a
        // 2^32-wide range and the 64-bit draws.
        NumpyRandom rng = NumpyRandom.fromSeed(7);
        assertEquals(1, rng.integers(0, 2));
        assertEquals(1, rng.integers(0, 2));
        assertEquals(2, rng.integers(0, 3));
        assertExactly(0.7756856902451935, rng.nextDouble());
        assertEquals(8, rng.integers(0, 10));
        assertEquals(3, rng.integers(-5, 5));
        assertEquals(967257515L, rng.integers(0L, 1L << 32));
        assertEquals(1289204377L, rng.integers(0L, (1L << 32) + 1));
        assertEquals(6890844805077280563L, rng.integers(Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(5265304565574785L, rng.integers(0L, 1_000_000_000_000_000_000L));
        assertEquals(3, rng.integers(0, 7));
    }

    @Test
    void integers_rangesWithFrequentRejection_matchNumpy() {
        // numpy: [g.integers(3 * 2**30 + 1) for _ in range(10)] for seed 1; about a quarter of
        // the 32-bit draws are rejected for this width.
        NumpyRandom rng = NumpyRandom.fromSeed(1);
        long[] actual = new long[10];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.integers(0L, 3L * (1L << 30) + 1);
        }
        assertArrayEquals(
                new long[] {
                    1524247487L,
                    1648692854L,
                    2432564813L,
                    112267929L,
                    464370616L,
                    2650887134L,
                    3055813763L,
                    802821630L,
                    1004479416L,
                    2799326262L
                },
                actual);

        // numpy: [g.integers(-2**63, 2**62 + 1) for _ in range(10)] for seed 1; the same for
        // 64-bit draws.
        rng = NumpyRandom.fromSeed(1);
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.integers(Long.MIN_VALUE, (1L << 62) + 1);
        }
        assertArrayEquals(
                new long[] {
                    -2142290145177883713L, 3926348381252615757L, -7228915425651649895L,
                    3901248138400322526L, -3366626038982749130L, 2227941401158668763L,
                    -3562078229016105961L, -8842090105184828983L, 1201525567077311912L,
                    -1778128056404167301L
                },
                actual);
    }

    @Test
    void integers_discreteTwo_matchesNumpy() {
        // numpy: [g.integers(2) for _ in range(12)], what Discrete(2).sample() draws, for seed 42
        NumpyRandom rng = NumpyRandom.fromSeed(42);
        int[] actual = new int[12];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.integers(0, 2);
        }
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1}, actual);
    }

    @Test
    void discreteSample_matchesGymnasiumDiscreteSample() {
        // numpy: [g.integers(2) for _ in range(12)] for seed 42, as in the test above; Discrete
        // samples through RandomGenerator.nextInt(n), which is integers(0, n) here.
        NumpyRandom rng = NumpyRandom.fromSeed(42);
        Discrete space = new Discrete(2);
        int[] actual = new int[12];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = space.sample(rng);
        }
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1}, actual);
    }

    @Test
    void nextIntAndNextFloat_matchNumpy32BitDraws() {
        // numpy: g.integers(0, 2**32, size=3, dtype=np.uint64), one next_uint32 each, for seed 5
        NumpyRandom rng = NumpyRandom.fromSeed(5);
        assertArrayEquals(
                new int[] {0xabb8e5a8, 0xce14abee, 0x05cc99f5},
                new int[] {rng.nextInt(), rng.nextInt(), rng.nextInt()});
        // numpy: g.random(3, dtype=np.float32) for seed 5
        rng = NumpyRandom.fromSeed(5);
        assertArrayEquals(
                new float[] {0.6707900166511536f, 0.8050028681755066f, 0.022653162479400635f},
                new float[] {rng.nextFloat(), rng.nextFloat(), rng.nextFloat()});
    }

    @Test
    void integers_singleValueRange_drawsNothing() {
        NumpyRandom rng = NumpyRandom.fromSeed(0);
        assertEquals(5, rng.integers(5, 6));
        assertEquals(0xa30febcfd9c2825fL, rng.nextLong());
    }

    @Test
    void integers_emptyRange_throws() {
        NumpyRandom rng = NumpyRandom.fromSeed(0);
        assertThrows(IllegalArgumentException.class, () -> rng.integers(3, 3));
        assertThrows(IllegalArgumentException.class, () -> rng.integers(4L, 3L));
    }

    @Test
    void integers_manyDraws_stayInRangeAndCoverIt() {
        NumpyRandom rng = NumpyRandom.fromSeed(3);
        int[] counts = new int[6];
        for (int i = 0; i < 60_000; i++) {
            counts[rng.integers(-3, 3) + 3]++;
        }
        for (int count : counts) {
            assertTrue(count > 9_000 && count < 11_000, Arrays.toString(counts));
        }
    }

    @Test
    void fromSeed_negative_throwsNamingTheSeed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NumpyRandom.fromSeed(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void fromEntropy_reportsASeedThatReproducesIt() {
        NumpyRandom random = NumpyRandom.fromEntropy();
        assertTrue(random.seed() >= 0);
        NumpyRandom again = NumpyRandom.fromSeed(random.seed());
        assertArrayEquals(longs(again, 5), longs(random, 5));
        assertNotEquals(NumpyRandom.fromEntropy().seed(), NumpyRandom.fromEntropy().seed());
    }

    @Test
    void uniform_badBounds_throwAsNumpy() {
        NumpyRandom rng = NumpyRandom.fromSeed(0);
        assertThrows(IllegalArgumentException.class, () -> rng.uniform(1.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> rng.uniform(0.0, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> rng.uniform(-Double.MAX_VALUE, Double.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> rng.uniform(0.0, 1.0, -1));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> rng.uniform(new double[] {0, 0}, new double[] {1, -1}));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        // Nothing was drawn by the rejected calls.
        assertEquals(0xa30febcfd9c2825fL, rng.nextLong());
    }

    @Test
    void uniform_equalBounds_returnsLow() {
        assertExactly(2.5, NumpyRandom.fromSeed(0).uniform(2.5, 2.5));
    }

    @Test
    void standardNormal_firstDraws_matchNumpy() {
        // numpy 1.24: g.standard_normal(6)
        long[] seeds = {0, 1, 42, 1L << 31, 12345};
        double[][] expected = {
            {
                0.1257302210933933,
                -0.1321048632913019,
                0.6404226504432821,
                0.10490011715303971,
                -0.535669373161111,
                0.36159505490948474
            },
            {
                0.345584192064786,
                0.8216181435011584,
                0.33043707618338714,
                -1.303157231604361,
                0.9053558666731177,
                0.4463745723640113
            },
            {
                0.30471707975443135,
                -1.0399841062404955,
                0.7504511958064572,
                0.9405647163912139,
                -1.9510351886538364,
                -1.302179506862318
            },
            {
                -0.5375302515748532,
                0.44245958830093235,
                1.4934014682738608,
                -1.1963012926596934,
                -0.4287652348167539,
                -1.016663946678289
            },
            {
                -1.4238250364546312,
                1.2637284581291104,
                -0.8706617379590857,
                -0.2591732349343976,
                -0.07534330701052097,
                -0.740884652085609
            },
        };
        for (int i = 0; i < seeds.length; i++) {
            NumpyRandom rng = NumpyRandom.fromSeed(seeds[i]);
            assertArrayEquals(expected[i], rng.standardNormal(6), "seed " + seeds[i]);
        }
    }

    @Test
    void standardNormal_thousandDraws_matchNumpyThroughWedgesAndTails() {
        // numpy 1.24: a = g.standard_normal(1000); a[303], a[478], a[999];
        // g.bit_generator.random_raw(). Draws 303 and 478 are the two in the tail (|x| > 3.654);
        // 12 of the 1007 tries take a wedge test, which consumes one more 64-bit draw, so the
        // last value and the raw draw after it show the stream was consumed as NumPy consumes it.
        // Tail values go through log1p and could, rarely, differ in the last bit (see
        // standardNormal's javadoc); these two do not.
        NumpyRandom rng = NumpyRandom.fromSeed(0);
        double[] a = rng.standardNormal(1000);
        assertExactly(-3.772275156122734, a[303]);
        assertExactly(-3.899421730054339, a[478]);
        assertExactly(-0.22997115548100328, a[999]);
        assertEquals(0xd785444ed190508bL, rng.nextLong());
    }

    @Test
    void standardNormal_sizeDrawsTheScalarSequence() {
        NumpyRandom scalar = NumpyRandom.fromSeed(42);
        double[] one = new double[500];
        for (int i = 0; i < one.length; i++) {
            one[i] = scalar.standardNormal();
        }
        NumpyRandom sized = NumpyRandom.fromSeed(42);
        assertArrayEquals(one, sized.standardNormal(500));
        assertEquals(scalar.nextLong(), sized.nextLong());
    }

    @Test
    void standardNormal_interleavedWithOtherDraws_matchesNumpy() {
        // numpy 1.24, seed 7: g.standard_normal(), g.random(), g.integers(0, 10),
        // g.normal(1.0, 2.0), g.uniform(-1, 1), g.standard_normal()
        NumpyRandom rng = NumpyRandom.fromSeed(7);
        assertExactly(0.0012301533574825742, rng.standardNormal());
        assertExactly(0.8972138009695755, rng.nextDouble());
        assertEquals(5, rng.integers(0, 10));
        assertExactly(-0.7811836775145484, rng.normal(1.0, 2.0));
        assertExactly(-0.39966743017754913, rng.uniform(-1, 1));
        assertExactly(-0.9916465549964624, rng.standardNormal());
    }

    @Test
    void normal_matchesNumpy() {
        // numpy 1.24, seed 5: g.normal(1.5, 0.25, size=4), g.normal(-3.0, 0.0),
        // g.standard_normal(); and g.standard_normal(6) for a fresh seed 5
        NumpyRandom rng = NumpyRandom.fromSeed(5);
        assertArrayEquals(
                new double[] {
                    1.2995171436866382, 1.1689102510929636, 1.437909594476188, 1.6051113095163805
                },
                rng.normal(1.5, 0.25, 4));
        assertExactly(-3.0, rng.normal(-3.0, 0.0));
        assertExactly(0.10970639932180819, rng.standardNormal());

        double[] z = NumpyRandom.fromSeed(5).standardNormal(6);
        assertArrayEquals(
                new double[] {
                    -0.8019314252534474,
                    -1.324358995628145,
                    -0.24836162209524854,
                    0.4204452380655215,
                    1.1360465324896427,
                    0.10970639932180819
                },
                z);
        assertExactly(1.5 + 0.25 * z[0], NumpyRandom.fromSeed(5).normal(1.5, 0.25));
    }

    @Test
    void normal_negativeScale_throwsAsNumpyAndDrawsNothing() {
        // numpy: normal(0, -1.0) and normal(0, -0.0) raise "scale < 0"; normal(0, nan) is nan
        NumpyRandom rng = NumpyRandom.fromSeed(0);
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0.0, -1.0));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0.0, -0.0));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0.0, -1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0.0, 1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> rng.standardNormal(-1));
        assertEquals(0, rng.standardNormal(0).length);
        assertEquals(0, rng.normal(0.0, 1.0, 0).length);
        assertEquals(0xa30febcfd9c2825fL, rng.nextLong());
        assertTrue(Double.isNaN(NumpyRandom.fromSeed(0).normal(0.0, Double.NaN)));
    }

    @Test
    void halfCheetahReset_matchesGymnasiumReference() {
        // mujoco reference, HalfCheetah-v5 reset(seed=s).reset_model():
        //   qpos = init_qpos + np_random.uniform(low=-0.1, high=0.1, size=nq)
        //   qvel = init_qvel + 0.1 * np_random.standard_normal(nv)
        // with nq = nv = 9 and init_qpos = init_qvel = zeros.
        double[][] expectedQpos = {
            {
                0.027392337464290872,
                -0.04604265724722594,
                -0.09180529521276107,
                -0.09669447289429418,
                0.06265404784005449,
                0.08255111545554436,
                0.021327155153435973,
                0.045899312196799685,
                0.008724998293084568
            },
            {
                0.0023643249400513433,
                0.09009273926518707,
                -0.07116807745607326,
                0.08972988942744878,
                -0.03763370959790291,
                -0.015334710205484867,
                0.06554051876408837,
                -0.01816017272616774,
                0.009918737534611893
            },
        };
        double[][] expectedQvel = {
            {
                -0.12654214710460526,
                -0.06232744625373522,
                0.00413259793472436,
                -0.23250307746388343,
                -0.021879166393254573,
                -0.12459109472530652,
                -0.07322673547034517,
                -0.054425898285730995,
                -0.031630015636915455
            },
            {
                0.0294132496655526,
                0.002842224131579679,
                0.0546712986612447,
                -0.0736454087001667,
                -0.016290994799305278,
                -0.04821193126799783,
                0.05988462126346276,
                0.003972210748165899,
                -0.029245675096508862
            },
        };
        double resetNoiseScale = 0.1;
        for (int seed = 0; seed <= 1; seed++) {
            NumpyRandom rng = NumpyRandom.fromSeed(seed);
            double[] qpos = rng.uniform(-resetNoiseScale, resetNoiseScale, 9);
            double[] z = rng.standardNormal(9);
            double[] qvel = new double[9];
            for (int i = 0; i < 9; i++) {
                qpos[i] = 0.0 + qpos[i];
                qvel[i] = 0.0 + resetNoiseScale * z[i];
            }
            assertArrayEquals(expectedQpos[seed], qpos, "qpos, seed " + seed);
            assertArrayEquals(expectedQvel[seed], qvel, "qvel, seed " + seed);
        }
    }

    private static long[] longs(NumpyRandom rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextLong();
        }
        return out;
    }

    private static double[] doubles(NumpyRandom rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble();
        }
        return out;
    }

    private static void assertExactly(double expected, double actual) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual));
    }
}
