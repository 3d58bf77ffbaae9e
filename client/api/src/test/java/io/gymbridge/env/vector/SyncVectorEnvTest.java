package io.gymbridge.env.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.testing.CountingEnv;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two CountingEnvs, the first terminating on step 2, the second on step 3; the expected values
 * follow {@code gymnasium.vector.SyncVectorEnv} (1.1+) step by step.
 */
class SyncVectorEnvTest {
    private static final Tensor ACTIONS = Tensor.ofLongs(0, 1);

    private final CountingEnv<Integer> first = CountingEnv.discrete(2);
    private final CountingEnv<Integer> second = CountingEnv.discrete(3);

    private SyncVectorEnv vector(AutoresetMode mode) {
        return new SyncVectorEnv(List.of(first, second), mode);
    }

    /** The batched observation of step counts a and b. */
    private static Tensor obs(float a, float b) {
        return Tensor.of(DType.FLOAT32, new int[] {2, 1}, new float[] {a, b});
    }

    @Test
    void spaces_twoEnvs_areBatched() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);

        assertEquals(2, env.numEnvs());
        assertEquals(
                Box.of(0, Double.POSITIVE_INFINITY, DType.FLOAT32, 2, 1), env.observationSpace());
        assertEquals(MultiDiscrete.of(2, 2), env.actionSpace());
        assertEquals(CountingEnv.OBSERVATION_SPACE, env.singleObservationSpace());
    }

    @Test
    void reset_seed_seedsEnvIWithSeedPlusI() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        VectorReset<Object> r = env.reset(42);

        assertEquals(obs(0, 0), r.observations());
        assertEquals(List.of(Map.of("resets", 1), Map.of("resets", 1)), r.infos());
        assertEquals(List.of(42L), first.seeds());
        assertEquals(List.of(43L), second.seeds());
        env.reset(7L, Map.of(), new boolean[] {false, true});
        assertEquals(
                List.of(43L, 8L), second.seeds(), "a masked reset still seeds env i with seed + i");
        env.reset();
        assertEquals(Arrays.asList(42L, null), first.seeds());
    }

    @Test
    void step_nextStep_resetsOnTheStepAfterTheEnd() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.reset(0);
        env.step(ACTIONS);
        VectorStep<Object> end = env.step(ACTIONS);

        assertEquals(obs(2, 2), end.observations());
        assertArrayEquals(new boolean[] {true, false}, end.terminated());
        assertEquals(Map.of("step", 2), end.infos().get(0));

        // env 0 resets: its action is ignored, reward 0, both flags false, the reset obs and info
        VectorStep<Object> after = env.step(ACTIONS);
        assertEquals(obs(0, 3), after.observations());
        assertArrayEquals(new double[] {0, 3}, after.rewards());
        assertArrayEquals(new boolean[] {false, true}, after.terminated());
        assertArrayEquals(new boolean[] {false, false}, after.truncated());
        assertEquals(Map.of("resets", 2), after.infos().get(0));
        assertEquals(2, first.actions().size(), "the reset step does not step env 0");
        assertEquals(Arrays.asList(0L, null), first.seeds(), "autoreset does not reseed");

        VectorStep<Object> next = env.step(ACTIONS);
        assertEquals(obs(1, 0), next.observations());
        assertArrayEquals(new double[] {1, 0}, next.rewards());
        assertArrayEquals(new boolean[] {false, false}, next.terminated());
    }

    @Test
    void step_sameStep_returnsResetObsWithFinalObsAndInfo() {
        SyncVectorEnv env = vector(AutoresetMode.SAME_STEP);
        env.reset(0);
        env.step(ACTIONS);
        VectorStep<Object> end = env.step(ACTIONS);

        assertEquals(obs(0, 2), end.observations());
        assertArrayEquals(new double[] {2, 2}, end.rewards());
        assertArrayEquals(new boolean[] {true, false}, end.terminated());
        Map<String, Object> info = end.infos().get(0);
        assertEquals(CountingEnv.obs(2), info.get("final_obs"));
        assertEquals(Map.of("step", 2), info.get("final_info"));
        assertEquals(2, info.get("resets"), "the reset's own info is merged in");
        assertEquals(Map.of("step", 2), end.infos().get(1));

        VectorStep<Object> next = env.step(ACTIONS);
        assertEquals(obs(1, 0), next.observations());
        assertArrayEquals(new double[] {1, 3}, next.rewards());
        assertArrayEquals(new boolean[] {false, true}, next.terminated());
        assertEquals(CountingEnv.obs(3), next.infos().get(1).get("final_obs"));
    }

    @Test
    void step_disabled_endedEnvIsFailedPreconditionUntilMaskedReset() {
        SyncVectorEnv env = vector(AutoresetMode.DISABLED);
        env.reset(0);
        env.step(ACTIONS);
        VectorStep<Object> end = env.step(ACTIONS);
        assertEquals(obs(2, 2), end.observations());
        assertArrayEquals(new boolean[] {true, false}, end.terminated());

        EnvException e = assertThrows(EnvException.class, () -> env.step(ACTIONS));
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("env 0"), e.getMessage());
        assertEquals(2, second.steps(), "no env steps when one of them cannot");

        VectorReset<Object> r = env.reset(null, Map.of(), new boolean[] {true, false});
        assertEquals(obs(0, 2), r.observations(), "env 1 keeps its observation");
        assertEquals(Map.of(), r.infos().get(1));
        assertEquals(1, second.resets());

        VectorStep<Object> next = env.step(ACTIONS);
        assertEquals(obs(1, 3), next.observations());
        assertArrayEquals(new boolean[] {false, true}, next.terminated());
    }

    @Test
    void step_beforeReset_isFailedPrecondition() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        EnvException e = assertThrows(EnvException.class, () -> env.step(ACTIONS));

        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void reset_firstResetWithPartialMask_isFailedPreconditionNamingTheEnv() {
        SyncVectorEnv env = vector(AutoresetMode.DISABLED);
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> env.reset(null, Map.of(), new boolean[] {true, false}));

        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("env 1"), e.getMessage());
    }

    @Test
    void reset_maskOfWrongLength_isInvalidArgument() {
        SyncVectorEnv env = vector(AutoresetMode.DISABLED);
        EnvException e =
                assertThrows(
                        EnvException.class, () -> env.reset(null, Map.of(), new boolean[] {true}));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
    }

    @Test
    void step_actionOutOfRange_isInvalidArgumentNamingTheEnvIndex() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(Tensor.ofLongs(0, 5)));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("env 1 of "), e.getMessage());
        assertTrue(e.getMessage().contains("5 is outside Discrete(2)"), e.getMessage());
        assertEquals(0, first.steps(), "no env steps on a bad batch");
    }

    @Test
    void step_actionBatchOfWrongShape_isInvalidArgument() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(Tensor.ofLongs(0)));

        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("int64[1]"), e.getMessage());
    }

    @Test
    void close_closesEveryEnvAndLaterCallsFail() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.close();
        env.close();

        assertTrue(first.isClosed());
        assertTrue(second.isClosed());
        EnvException e = assertThrows(EnvException.class, () -> env.reset(0));
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void create_factory_makesNumEnvsEnvs() {
        SyncVectorEnv env =
                SyncVectorEnv.create(() -> CountingEnv.discrete(1), 3, AutoresetMode.SAME_STEP);

        assertEquals(3, env.numEnvs());
        assertEquals(AutoresetMode.SAME_STEP, env.autoresetMode());
        assertEquals(
                Tensor.of(DType.FLOAT32, new int[] {3, 1}, new float[3]),
                env.reset(0).observations());
    }

    @Test
    void create_zeroEnvsOrUnequalSpaces_isInvalidArgument() {
        EnvException zero =
                assertThrows(
                        EnvException.class,
                        () ->
                                SyncVectorEnv.create(
                                        () -> CountingEnv.discrete(1), 0, AutoresetMode.NEXT_STEP));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, zero.code());

        CountingEnv<Tensor> boxActions = CountingEnv.box(Box.of(-1, 1, DType.FLOAT32, 1), 0);
        EnvException unequal =
                assertThrows(
                        EnvException.class,
                        () ->
                                new SyncVectorEnv(
                                        List.of(first, boxActions), AutoresetMode.NEXT_STEP));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, unequal.code());
    }

    @Test
    void parse_modeNames_anyCase() {
        assertEquals(AutoresetMode.SAME_STEP, AutoresetMode.parse("same_step"));
        assertEquals(AutoresetMode.DISABLED, AutoresetMode.parse(" Disabled "));
        EnvException e = assertThrows(EnvException.class, () -> AutoresetMode.parse("sometimes"));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    }

    /** CountingEnv whose step costs {@code micros} of busy CPU and records its thread. */
    private static final class SlowEnv extends io.gymbridge.env.wrappers.Wrapper<Tensor, Integer> {
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final long nanos;

        SlowEnv(int terminateAfter, long micros) {
            super(CountingEnv.discrete(terminateAfter));
            this.nanos = micros * 1000;
        }

        @Override
        public io.gymbridge.env.Step<Tensor> step(Integer action) {
            threads.add(Thread.currentThread().getName());
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return super.step(action);
        }
    }

    @Test
    void step_expensiveEnvs_splitAmongCores_sameResultsAsCheapOnesOneByOne() {
        int n = 6;
        List<SlowEnv> slow = new java.util.ArrayList<>();
        List<CountingEnv<Integer>> cheap = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            slow.add(new SlowEnv(i + 2, 300));
            cheap.add(CountingEnv.discrete(i + 2));
        }
        SyncVectorEnv a = new SyncVectorEnv(slow, AutoresetMode.NEXT_STEP);
        SyncVectorEnv b = new SyncVectorEnv(cheap, AutoresetMode.NEXT_STEP);
        assertEquals(b.reset(3).observations(), a.reset(3).observations());
        Tensor actions = Tensor.ofLongs(0, 1, 0, 1, 0, 1);
        for (int t = 0; t < 12; t++) {
            VectorStep<Object> x = a.step(actions);
            VectorStep<Object> y = b.step(actions);
            assertEquals(y.observations(), x.observations(), "step " + t);
            assertArrayEquals(y.rewards(), x.rewards());
            assertArrayEquals(y.terminated(), x.terminated());
            assertEquals(y.infos(), x.infos());
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        slow.forEach(e -> used.addAll(e.threads));
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(used.size() > 1, "300 us steps should use several threads: " + used);
        } else {
            assertEquals(1, used.size(), used.toString());
        }
    }

    @Test
    void step_cheapEnvs_stayInTheCallingThread() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        SlowEnv probe = new SlowEnv(100, 0);
        SyncVectorEnv withProbe =
                new SyncVectorEnv(
                        List.of(probe, CountingEnv.discrete(100)), AutoresetMode.NEXT_STEP);
        withProbe.reset(0);
        for (int t = 0; t < 20; t++) {
            withProbe.step(ACTIONS);
        }
        assertEquals(java.util.Set.of(Thread.currentThread().getName()), probe.threads);
        env.close();
    }

    @Test
    void stepAsync_stepsAtOnce_stepWaitReturnsIt_oneAtATime() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.reset(0);
        Object actions = Tensor.ofLongs(1, 1);
        env.stepAsync(actions);
        assertEquals(1, first.steps(), "an env in this process steps at once");
        EnvException twice = assertThrows(EnvException.class, () -> env.stepAsync(actions));
        assertEquals(EnvException.Code.FAILED_PRECONDITION, twice.code());
        assertEquals(obs(1, 1), env.stepWait().observations());
        EnvException none = assertThrows(EnvException.class, env::stepWait);
        assertEquals(EnvException.Code.FAILED_PRECONDITION, none.code());
    }

    @Test
    void stepAsync_failingStep_failsAtStepWait() {
        SyncVectorEnv env = vector(AutoresetMode.NEXT_STEP);
        env.stepAsync(Tensor.ofLongs(1, 1)); // before the first reset
        EnvException e = assertThrows(EnvException.class, env::stepWait);
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        env.reset(0);
        env.stepAsync(Tensor.ofLongs(0, 1));
        assertEquals(obs(1, 1), env.stepWait().observations(), "a failed step leaves none waiting");
    }
}
