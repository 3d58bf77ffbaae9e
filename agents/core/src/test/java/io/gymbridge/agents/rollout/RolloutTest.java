package io.gymbridge.agents.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.testing.TestEnvs;
import io.gymbridge.env.Envs;
import io.gymbridge.env.vector.AutoresetMode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bootstrap rules end to end, on Scripted-v0 (observation = steps since reset, reward 1 per
 * step): terminated paths bootstrap 0, truncated and cut-off ones V(s), and NEXT_STEP's reset steps
 * are not transitions.
 */
class RolloutTest {
    private static final double GAMMA = 0.9;
    @TempDir Path dir;

    @BeforeAll
    static void registerEnvs() {
        TestEnvs.register();
    }

    private record Result(float[] obs, double[] ret, double[] epLenStats, MlpActorCritic ac) {}

    private Result collect(
            AutoresetMode mode, Map<String, ?> kwargs, int numEnvs, int steps, int maxEpLen) {
        NDManager m = Engine.getEngine("MXNet").newBaseManager();
        try (Rollout rollout =
                        Rollout.of(
                                Envs.registry()
                                        .makeVector(TestEnvs.SCRIPTED, kwargs, numEnvs, mode));
                EpochLogger logger =
                        EpochLogger.create(
                                dir, new PrintStream(OutputStream.nullOutputStream()), false)) {
            MlpActorCritic ac =
                    new MlpActorCritic(
                            m,
                            rollout.observationSpace(),
                            rollout.actionSpace(),
                            new AcKwargs(List.of(8), "tanh"),
                            "test",
                            new Rng(1));
            GaeBuffer buf = new GaeBuffer(1, 1, steps, GAMMA, 1.0, numEnvs);
            rollout.collect(0, 1, 0, ac, new Rng(2), buf, maxEpLen, logger);
            return new Result(
                    buf.get().obs(), buf.rawReturnsBeforeGet(), logger.statistics("EpLen"), ac);
        }
    }

    /** V(s) of the state "k steps since reset". */
    private static double v(MlpActorCritic ac, int k) {
        return ac.value(new float[] {k}, 0);
    }

    @ParameterizedTest
    @EnumSource(AutoresetMode.class)
    void collect_terminated_bootstrapsZeroAndSkipsResetSteps(AutoresetMode mode) {
        Result r = collect(mode, Map.of("terminate_at", 3L), 1, 8, 1000);
        // three-step episodes, then the epoch cuts the third one after 2 steps
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 0, 1}, r.obs());
        double g = GAMMA;
        double v2 = v(r.ac(), 2);
        double[] expected = {
            1 + g + g * g, 1 + g, 1, 1 + g + g * g, 1 + g, 1, 1 + g * (1 + g * v2), 1 + g * v2
        };
        assertArrayEquals(expected, r.ret(), 1e-5);
        assertEquals(3, r.epLenStats()[0], 1e-12);
    }

    @ParameterizedTest
    @EnumSource(AutoresetMode.class)
    void collect_truncatedByTimeLimit_bootstrapsValueOfLastState(AutoresetMode mode) {
        Result r = collect(mode, Map.of("max_episode_steps", 3L), 1, 6, 1000);
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, r.obs());
        double g = GAMMA;
        double v3 = v(r.ac(), 3);
        double[] episode = {1 + g + g * g + g * g * g * v3, 1 + g + g * g * v3, 1 + g * v3};
        assertArrayEquals(concat(episode, episode), r.ret(), 1e-5);
    }

    @Test
    void collect_maxEpLen_truncatesAndResetsTheEnv() {
        Result r = collect(AutoresetMode.NEXT_STEP, Map.of(), 1, 5, 2);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0}, r.obs());
        double g = GAMMA;
        double v1 = v(r.ac(), 1);
        double v2 = v(r.ac(), 2);
        double[] episode = {1 + g + g * g * v2, 1 + g * v2};
        assertArrayEquals(
                concat(concat(episode, episode), new double[] {1 + g * v1}), r.ret(), 1e-5);
        assertEquals(2, r.epLenStats()[0], 1e-12);
    }

    @Test
    void collect_twoEnvs_storesExactlyTheEpochsSteps() {
        Result r = collect(AutoresetMode.NEXT_STEP, Map.of("terminate_at", 2L), 2, 7, 1000);
        // env 0 and env 1 interleave: (0, 0), (1, 1), [reset steps skipped], (0, 0), (1, -)
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1}, r.obs());
        double g = GAMMA;
        double v1 = v(r.ac(), 1);
        // the last step is env 0's, which terminates; env 1's step there is dropped, so its
        // path is cut off after one step and bootstraps with V of the state it reached, 1
        double[] expected = {1 + g, 1 + g, 1, 1, 1 + g, 1 + g * v1, 1};
        assertArrayEquals(expected, r.ret(), 1e-5);
    }

    @Test
    void collect_secondEpoch_continuesTheEpisodesInProgress() {
        NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        try (Rollout rollout =
                        Rollout.of(
                                Envs.registry()
                                        .makeVector(
                                                TestEnvs.SCRIPTED,
                                                Map.of("terminate_at", 5L),
                                                1,
                                                AutoresetMode.NEXT_STEP));
                EpochLogger logger =
                        EpochLogger.create(
                                dir, new PrintStream(OutputStream.nullOutputStream()), false)) {
            MlpActorCritic ac =
                    new MlpActorCritic(
                            m,
                            rollout.observationSpace(),
                            rollout.actionSpace(),
                            new AcKwargs(List.of(8), "tanh"),
                            "test",
                            new Rng(1));
            GaeBuffer buf = new GaeBuffer(1, 1, 3, GAMMA, 1.0, 1);
            Rng rng = new Rng(2);
            rollout.collect(0, 2, 0, ac, rng, buf, 1000, logger);
            assertArrayEquals(new float[] {0, 1, 2}, buf.get().obs());
            assertEquals(Double.NaN, logger.statistics("EpLen")[0]);
            rollout.collect(1, 2, 0, ac, rng, buf, 1000, logger);
            // the episode goes on (3, 4: terminal), then the reset step is skipped
            assertArrayEquals(new float[] {3, 4, 0}, buf.get().obs());
            assertEquals(5, logger.statistics("EpLen")[0], 1e-12);
            assertEquals(5, logger.statistics("EpRet")[0], 1e-12);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
