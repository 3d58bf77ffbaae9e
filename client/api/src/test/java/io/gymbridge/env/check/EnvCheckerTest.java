package io.gymbridge.env.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.check.CheckResult.Status;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.wrappers.OrderEnforcing;
import io.gymbridge.env.wrappers.TimeLimit;
import io.gymbridge.env.wrappers.Wrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The checker passes a correct env and fails exactly the checks each broken env breaks. The envs
 * are {@link Walk} variants, made through an {@link EnvRegistry} as Envs.make makes them
 * (OrderEnforcing, TimeLimit), except where the flaw is a missing wrapper.
 */
class EnvCheckerTest {
    private static final EnvRegistry REGISTRY = new EnvRegistry();

    static {
        for (Flaw flaw : Flaw.values()) {
            EnvSpec spec = new EnvSpec(flaw.id, OptionalInt.of(200), OptionalDouble.empty(), false);
            REGISTRY.register(
                    spec,
                    (s, kwargs, renderMode) -> {
                        Kwargs k = new Kwargs(s.id(), kwargs);
                        boolean continuous = k.getBoolean("continuous", false);
                        k.requireAllUsed();
                        return new Walk(s, continuous, flaw, renderMode);
                    });
        }
    }

    /** What is wrong with a {@link Walk}. */
    enum Flaw {
        NONE("Walk-v0"),
        OBSERVATION_OUTSIDE_SPACE("WalkOutside-v0"),
        UNSEEDED_RESET("WalkUnseededReset-v0"),
        UNSEEDED_STEP("WalkUnseededStep-v0"),
        RUNTIME_EXCEPTIONS("WalkRuntimeExceptions-v0"),
        CLOSE_THROWS("WalkCloseThrows-v0");

        final String id;

        Flaw(String id) {
            this.id = id;
        }
    }

    /**
     * A walk on a line, small enough to check by hand. Observation: float32 [x, dx] in [-2, 2].
     * Action: Discrete(3) (left, stay, right) or, with {@code continuous}, a float32 Box [-1, 1] of
     * one velocity. x starts uniform in [-0.05, 0.05], moves 0.1 per unit of action plus seeded
     * noise of at most 0.01, and the episode terminates when |x| > 0.5. Reward -|x|.
     */
    static final class Walk extends AbstractEnv<Tensor, Object> {
        private static final AtomicLong UNSEEDED = new AtomicLong();
        private final boolean continuous;
        private final Flaw flaw;
        private double x;

        Walk(EnvSpec spec, boolean continuous, Flaw flaw, String renderMode) {
            super(Box.of(-2, 2, DType.FLOAT32, 2), actions(continuous), spec, renderMode);
            this.continuous = continuous;
            this.flaw = flaw;
        }

        @SuppressWarnings("unchecked")
        private static Space<Object> actions(boolean continuous) {
            Space<?> space = continuous ? Box.of(-1, 1, DType.FLOAT32, 1) : new Discrete(3);
            return (Space<Object>) space;
        }

        @Override
        public Map<String, Object> metadata() {
            return Map.of("render_modes", List.of("rgb_array"), "render_fps", 30);
        }

        @Override
        public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
            seed(seed);
            x =
                    flaw == Flaw.UNSEEDED_RESET
                            ? unseeded().nextDouble(-0.05, 0.05)
                            : random().uniform(-0.05, 0.05);
            return new Reset<>(observation(0), Map.of("x", x));
        }

        @Override
        public Step<Tensor> step(Object action) {
            double velocity;
            if (flaw == Flaw.RUNTIME_EXCEPTIONS) {
                velocity = new int[] {-1, 0, 1}[(Integer) action];
            } else if (continuous) {
                velocity = Math.max(-1, Math.min(1, ((Tensor) checkAction(action)).getDouble(0)));
            } else {
                velocity = (Integer) checkAction(action) - 1;
            }
            double dx = 0.1 * velocity + random().uniform(-0.01, 0.01);
            if (flaw == Flaw.UNSEEDED_STEP) {
                dx += unseeded().nextDouble(-0.01, 0.01);
            }
            x += dx;
            return new Step<>(observation(dx), -Math.abs(x), Math.abs(x) > 0.5, false, Map.of());
        }

        /**
         * A generator the env's seed does not control, as an env drawing from entropy would use;
         * seeded from a counter so that the test itself is reproducible.
         */
        private static SplittableRandom unseeded() {
            return new SplittableRandom(UNSEEDED.incrementAndGet());
        }

        private Tensor observation(double dx) {
            double shown = flaw == Flaw.OBSERVATION_OUTSIDE_SPACE ? 5 : dx;
            return Tensor.of((float) x, (float) shown);
        }

        @Override
        public Tensor render() {
            requireRgbArray();
            return Tensor.zeros(DType.UINT8, 4, 6, 3);
        }

        @Override
        public void close() {
            if (flaw == Flaw.CLOSE_THROWS) {
                throw new IllegalStateException("close failed");
            }
        }
    }

    private static Supplier<Env<?, ?>> made(Flaw flaw) {
        return () -> REGISTRY.<Tensor, Object>make(flaw.id, Map.of());
    }

    private static Set<String> failed(CheckReport report) {
        Set<String> names = new TreeSet<>();
        report.failures().forEach(r -> names.add(r.name()));
        return names;
    }

    private static Set<String> withStatus(CheckReport report, Status status) {
        Set<String> names = new TreeSet<>();
        report.withStatus(status).forEach(r -> names.add(r.name()));
        return names;
    }

    @Test
    void check_correctDiscreteEnv_passesEveryCheckThatApplies() {
        CheckReport report = EnvChecker.check(made(Flaw.NONE));

        assertTrue(report.allPassed(), report::toString);
        assertEquals(
                EnvChecker.checkNames(), report.results().stream().map(CheckResult::name).toList());
        assertEquals(
                Set.of("invalid action: NaN", "render"),
                withStatus(report, Status.SKIP),
                report::toString);
        assertEquals(Set.of(), withStatus(report, Status.WARN), report::toString);
        assertEquals("Discrete(3)", report.get("action space").orElseThrow().detail());
        assertEquals(
                "Box(-2.0, 2.0, (2,), float32)",
                report.get("observation space").orElseThrow().detail());
    }

    @Test
    void check_correctContinuousEnvWithRender_passesRenderAndNan() {
        EnvChecker checker = EnvChecker.builder().optCheckRender(true).build();
        CheckReport report =
                checker.run(
                        () ->
                                REGISTRY.<Tensor, Object>make(
                                        Flaw.NONE.id,
                                        Map.of("continuous", true, "render_mode", "rgb_array")));

        assertTrue(report.allPassed(), report::toString);
        assertEquals(
                Set.of("invalid action: out of range"),
                withStatus(report, Status.SKIP),
                report::toString);
        assertEquals(Status.PASS, report.get("invalid action: NaN").orElseThrow().status());
        assertEquals(
                "rgb_array frames uint8[4, 6, 3]", report.get("render").orElseThrow().detail());
    }

    @Test
    void check_renderRequestedWithoutRgbArray_failsRender() {
        EnvChecker checker = EnvChecker.builder().optCheckRender(true).build();
        CheckReport report = checker.run(made(Flaw.NONE));

        assertEquals(Set.of("render"), failed(report), report::toString);
        assertTrue(
                report.get("render").orElseThrow().detail().contains("FAILED_PRECONDITION"),
                report::toString);
    }

    @Test
    void check_observationOutsideSpace_failsResetStepAndEpisode() {
        CheckReport report = EnvChecker.check(made(Flaw.OBSERVATION_OUTSIDE_SPACE));

        assertEquals(Set.of("reset()", "step()", "episode end"), failed(report), report::toString);
        String detail = report.get("reset()").orElseThrow().detail();
        assertTrue(detail.startsWith("reset() gave observation ["), detail);
        assertTrue(detail.contains("element [1] = 5.0 is outside [-2.0, 2.0]"), detail);
    }

    @Test
    void check_unseededReset_failsResetDeterminismAndSkipsStepDeterminism() {
        CheckReport report = EnvChecker.check(made(Flaw.UNSEEDED_RESET));

        assertEquals(
                Set.of("reset(seed) determinism", "reset(seed) across instances"),
                failed(report),
                report::toString);
        assertEquals(Status.SKIP, report.get("step determinism").orElseThrow().status());
        String detail = report.get("reset(seed) determinism").orElseThrow().detail();
        assertTrue(
                detail.matches("seed 123 gave \\[.*\\] then \\[.*\\] \\(element \\[0\\].*"),
                detail);
    }

    @Test
    void check_unseededStep_failsStepDeterminismOnly() {
        CheckReport report = EnvChecker.check(made(Flaw.UNSEEDED_STEP));

        assertEquals(Set.of("step determinism"), failed(report), report::toString);
        String detail = report.get("step determinism").orElseThrow().detail();
        assertTrue(detail.startsWith("step 1 (action "), detail);
    }

    @Test
    void check_withoutOrderEnforcing_failsStepBeforeReset() {
        CheckReport report =
                EnvChecker.check(
                        () ->
                                new TimeLimit<>(
                                        new Walk(
                                                EnvSpec.of(Flaw.NONE.id).withMaxEpisodeSteps(200),
                                                false,
                                                Flaw.NONE,
                                                null),
                                        200));

        assertEquals(Set.of("step before reset"), failed(report), report::toString);
        assertTrue(
                report.get("step before reset")
                        .orElseThrow()
                        .detail()
                        .contains("instead of throwing EnvException FAILED_PRECONDITION"));
    }

    @Test
    void check_runtimeExceptionsOnBadActions_failsInvalidActionChecks() {
        // Not made through the registry: its OrderEnforcing would reject the bad actions before
        // the env sees them. ResetFirst enforces only reset-before-step.
        CheckReport report =
                EnvChecker.check(
                        () ->
                                new ResetFirst<>(
                                        new TimeLimit<>(
                                                new Walk(
                                                        EnvSpec.of(Flaw.RUNTIME_EXCEPTIONS.id)
                                                                .withMaxEpisodeSteps(200),
                                                        false,
                                                        Flaw.RUNTIME_EXCEPTIONS,
                                                        null),
                                                200)));

        assertEquals(
                Set.of("invalid action: wrong type", "invalid action: out of range"),
                failed(report),
                report::toString);
        String detail = report.get("invalid action: wrong type").orElseThrow().detail();
        assertTrue(detail.startsWith("step(\"not an action\") threw ClassCastException: "), detail);
        assertTrue(detail.endsWith(" instead of EnvException INVALID_ARGUMENT"), detail);
        assertTrue(
                report.get("invalid action: out of range")
                        .orElseThrow()
                        .detail()
                        .startsWith("step(3) threw ArrayIndexOutOfBoundsException"));
    }

    @Test
    void check_closeThrows_failsCloseOnlyAndStillClosesTheRest() {
        CheckReport report = EnvChecker.check(made(Flaw.CLOSE_THROWS));

        assertEquals(Set.of("close() twice"), failed(report), report::toString);
        assertEquals(
                "the first close() threw IllegalStateException: close failed",
                report.get("close() twice").orElseThrow().detail());
    }

    @Test
    void check_nondeterministicSpec_skipsDeterminismChecks() {
        EnvSpec spec = new EnvSpec("Noisy-v0", OptionalInt.of(200), OptionalDouble.empty(), true);
        CheckReport report =
                EnvChecker.check(
                        () ->
                                new TimeLimit<>(
                                        new OrderEnforcing<>(
                                                new Walk(spec, false, Flaw.UNSEEDED_RESET, null)),
                                        200));

        assertTrue(report.allPassed(), report::toString);
        assertEquals(
                Set.of(
                        "reset(seed) determinism",
                        "reset(seed) across instances",
                        "step determinism",
                        "invalid action: NaN",
                        "render"),
                withStatus(report, Status.SKIP),
                report::toString);
    }

    @Test
    void check_noTimeLimitAndNoEnd_warnsEpisodeEnd() {
        EnvChecker checker = EnvChecker.builder().optEpisodeStepCap(3).build();
        CheckReport report =
                checker.run(
                        () ->
                                new OrderEnforcing<>(
                                        new Walk(EnvSpec.of("Walk-v0"), false, Flaw.NONE, null)));

        assertTrue(report.allPassed(), report::toString);
        CheckResult episode = report.get("episode end").orElseThrow();
        assertEquals(Status.WARN, episode.status());
        assertEquals(
                "neither terminated nor truncated in 3 random steps, and the spec has no"
                        + " max_episode_steps",
                episode.detail());
    }

    @Test
    void check_openerThrows_reportsOpenOnly() {
        CheckReport report =
                EnvChecker.check(
                        () -> {
                            throw new IllegalStateException("server down");
                        });

        assertFalse(report.allPassed());
        assertEquals(1, report.results().size());
        assertEquals(
                "FAIL  open: opening an env threw IllegalStateException: server down",
                report.results().get(0).line());
    }

    @Test
    void check_listener_receivesEveryResultInOrder() {
        List<CheckResult> streamed = new ArrayList<>();
        CheckReport report = EnvChecker.check(made(Flaw.NONE), streamed::add);

        assertEquals(report.results(), streamed);
    }

    @Test
    void check_closesEveryEnvItOpens() {
        List<boolean[]> closed = new ArrayList<>();
        Supplier<Env<?, ?>> opener =
                () -> {
                    boolean[] flag = {false};
                    closed.add(flag);
                    return new Wrapper<Tensor, Object>(
                            REGISTRY.<Tensor, Object>make(Flaw.NONE.id, Map.of())) {
                        @Override
                        public void close() {
                            flag[0] = true;
                            super.close();
                        }
                    };
                };

        EnvChecker.check(opener);

        assertTrue(closed.size() > EnvChecker.checkNames().size(), "opened " + closed.size());
        assertTrue(closed.stream().allMatch(f -> f[0]), "an env was left open");
    }

    @Test
    void builder_badSettings_nameTheSetting() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> EnvChecker.builder().optOtherSeed(123).build());
        assertTrue(e.getMessage().startsWith("otherSeed"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> EnvChecker.builder().optDeterminismSteps(0).build());
    }

    @Test
    void difference_namesTheFirstDifferingElement() {
        Tensor a = Tensor.of(1f, 2f, 3f);
        assertEquals(
                "element [1]: 2.0 vs 2.5",
                Values.difference(a, Tensor.of(1f, 2.5f, 3f), true).orElseThrow());
        assertTrue(Values.difference(a, Tensor.of(1f, 2.000001f, 3f), false).isEmpty());
        assertTrue(Values.difference(a, Tensor.of(1f, 2.000001f, 3f), true).isPresent());
        assertEquals(
                "['lives']: 3 vs 2",
                Values.difference(Map.of("lives", 3), Map.of("lives", 2), true).orElseThrow());
        assertEquals("Integer 1 vs Long 1", Values.difference(1, 1L, true).orElseThrow());
        assertEquals("[1.0, 2.0, 3.0, 4.0, ...]", Values.brief(Tensor.of(1f, 2f, 3f, 4f, 5f)));
    }

    /** Fails a step before the first reset, and checks nothing else. */
    private static final class ResetFirst<O, A> extends io.gymbridge.env.wrappers.Wrapper<O, A> {
        private boolean hasReset;

        ResetFirst(io.gymbridge.env.Env<O, A> env) {
            super(env);
        }

        @Override
        public io.gymbridge.env.Reset<O> reset(Long seed, Map<String, Object> options) {
            hasReset = true;
            return env.reset(seed, options);
        }

        @Override
        public io.gymbridge.env.Step<O> step(A action) {
            if (!hasReset) {
                throw io.gymbridge.env.EnvException.failedPrecondition("step before reset");
            }
            return env.step(action);
        }
    }
}
