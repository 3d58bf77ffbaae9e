package io.gymbridge.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.testing.CountingEnv;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.SyncVectorEnv;
import io.gymbridge.env.wrappers.OrderEnforcing;
import io.gymbridge.env.wrappers.TimeLimit;
import io.gymbridge.env.wrappers.Wrapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EnvRegistryTest {
    private static final EnvSpec COUNTING =
            new EnvSpec("Counting-v0", OptionalInt.of(3), OptionalDouble.empty(), false);

    private final EnvRegistry registry = new EnvRegistry();

    /** A factory reading the kwarg terminate_after (default: never) as a real env would. */
    private static Env<?, ?> counting(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        Kwargs k = new Kwargs(spec.id(), kwargs);
        int terminateAfter = (int) k.getLong("terminate_after", 0);
        k.requireAllUsed();
        return CountingEnv.discrete(terminateAfter);
    }

    private static EnvException fails(EnvException.Code code, Executable call) {
        EnvException e = assertThrows(EnvException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Steps until the episode ends and returns the number of steps. */
    private static int episodeLength(Env<Tensor, Integer> env) {
        env.reset(0);
        int n = 0;
        Step<Tensor> s;
        do {
            s = env.step(0);
            n++;
        } while (!s.done() && n < 100);
        return n;
    }

    @Test
    void make_specWithStepLimit_truncatesExactlyAtIt() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        Env<Tensor, Integer> env = registry.make("Counting-v0", Map.of());
        env.reset(0);

        assertFalse(env.step(0).truncated());
        assertFalse(env.step(0).truncated());
        Step<Tensor> third = env.step(0);
        assertTrue(third.truncated());
        assertFalse(third.terminated());
        assertEquals(OptionalInt.of(3), env.spec().maxEpisodeSteps());
    }

    @Test
    void make_maxEpisodeStepsKwarg_overridesTheSpec() {
        registry.register(COUNTING, EnvRegistryTest::counting);

        assertEquals(
                5, episodeLength(registry.make("Counting-v0", Map.of("max_episode_steps", 5))));
        assertEquals(
                7, episodeLength(registry.make("Counting-v0", Map.of("max_episode_steps", "7"))));
        Env<Tensor, Integer> env = registry.make("Counting-v0", Map.of("max_episode_steps", 1));
        assertEquals(OptionalInt.of(1), env.spec().maxEpisodeSteps());
    }

    @Test
    void make_badMaxEpisodeSteps_isInvalidArgument() {
        registry.register(COUNTING, EnvRegistryTest::counting);

        EnvException zero =
                fails(
                        EnvException.Code.INVALID_ARGUMENT,
                        () -> registry.make("Counting-v0", Map.of("max_episode_steps", 0)));
        assertTrue(zero.getMessage().contains("max_episode_steps must be >= 1"), zero.getMessage());
        EnvException text =
                fails(
                        EnvException.Code.INVALID_ARGUMENT,
                        () -> registry.make("Counting-v0", Map.of("max_episode_steps", "ten")));
        assertTrue(text.getMessage().contains("'max_episode_steps'"), text.getMessage());
    }

    @Test
    void make_envKwargs_reachTheFactoryAndTerminationWins() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        Env<Tensor, Integer> env = registry.make("Counting-v0", Map.of("terminate_after", 2));
        env.reset(0);
        env.step(0);
        Step<Tensor> s = env.step(0);

        assertTrue(s.terminated());
        assertFalse(s.truncated());
    }

    @Test
    void make_specWithoutStepLimit_neverTruncates() {
        registry.register(EnvSpec.of("Counting-v0"), EnvRegistryTest::counting);
        Env<Tensor, Integer> env = registry.make("Counting-v0", Map.of());

        assertEquals(100, episodeLength(env));
        assertInstanceOf(OrderEnforcing.class, env);
    }

    @Test
    void make_specWithStepLimit_wrapsTimeLimitAndOrderEnforcing() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        Env<?, ?> env = registry.make("Counting-v0", Map.of());
        Set<Class<?>> wrappers = new HashSet<>();
        while (env instanceof Wrapper<?, ?> w) {
            wrappers.add(w.getClass());
            env = w.inner();
        }

        assertEquals(Set.of(TimeLimit.class, OrderEnforcing.class), wrappers);
        assertInstanceOf(CountingEnv.class, env);
    }

    @Test
    void step_beforeReset_isFailedPreconditionFromOrderEnforcing() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        Env<Tensor, Integer> env = registry.make("Counting-v0", Map.of());

        EnvException e = fails(EnvException.Code.FAILED_PRECONDITION, () -> env.step(0));
        assertEquals("step before reset: call reset first", e.description());
    }

    @Test
    void make_unknownVersion_isNotFoundSuggestingTheClosestIds() {
        for (String id : List.of("CartPole-v1", "MountainCar-v0", "Pendulum-v1")) {
            registry.register(EnvSpec.of(id), EnvRegistryTest::counting);
        }

        EnvException v0 =
                fails(EnvException.Code.NOT_FOUND, () -> registry.make("CartPole-v0", Map.of()));
        assertEquals("no env with id 'CartPole-v0'; did you mean CartPole-v1?", v0.description());
        EnvException lower =
                fails(EnvException.Code.NOT_FOUND, () -> registry.make("cartpole", Map.of()));
        assertEquals("no env with id 'cartpole'; did you mean CartPole-v1?", lower.description());
        EnvException none = fails(EnvException.Code.NOT_FOUND, () -> registry.spec("Humanoid-v5"));
        assertEquals(
                "no env with id 'Humanoid-v5'; known ids: [CartPole-v1, MountainCar-v0, Pendulum-v1]",
                none.description());
    }

    @Test
    void closest_rankedByEditDistance() {
        for (String id : List.of("CartPole-v1", "CartPole-v0", "Acrobot-v1")) {
            registry.register(EnvSpec.of(id), EnvRegistryTest::counting);
        }

        assertEquals(List.of("CartPole-v0", "CartPole-v1"), registry.closest("cartpole-v0", 3));
        assertEquals(List.of("CartPole-v0"), registry.closest("CartPole-v0", 1));
    }

    @Test
    void make_constructorThrowsRuntimeException_isInternalWithCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        registry.register(
                EnvSpec.of("Broken-v0"),
                (spec, kwargs, renderMode) -> {
                    throw boom;
                });
        EnvException e =
                fails(EnvException.Code.INTERNAL, () -> registry.make("Broken-v0", Map.of()));

        assertTrue(e.getMessage().contains("Broken-v0 failed to construct"), e.getMessage());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertSame(boom, e.getCause());
    }

    @Test
    void make_constructorThrowsIllegalArgument_isInvalidArgument() {
        registry.register(
                EnvSpec.of("Picky-v0"),
                (spec, kwargs, renderMode) -> {
                    throw new IllegalArgumentException("length must be > 0");
                });
        EnvException e =
                fails(
                        EnvException.Code.INVALID_ARGUMENT,
                        () -> registry.make("Picky-v0", Map.of()));

        assertEquals("Picky-v0: length must be > 0", e.description());
    }

    @Test
    void make_unknownKwarg_isInvalidArgumentNamingIt() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        EnvException e =
                fails(
                        EnvException.Code.INVALID_ARGUMENT,
                        () -> registry.make("Counting-v0", Map.of("gravity", 9.8)));

        assertTrue(e.getMessage().contains("unexpected kwarg [gravity]"), e.getMessage());
    }

    @Test
    void make_renderMode_onlyRgbArrayReachesTheFactory() {
        AtomicReference<String> seen = new AtomicReference<>();
        registry.register(
                EnvSpec.of("Render-v0"),
                (spec, kwargs, renderMode) -> {
                    seen.set(renderMode);
                    return CountingEnv.discrete(0);
                });

        registry.make("Render-v0", Map.of("render_mode", "rgb_array"));
        assertEquals("rgb_array", seen.get());
        EnvException e =
                fails(
                        EnvException.Code.INVALID_ARGUMENT,
                        () -> registry.make("Render-v0", Map.of("render_mode", "human")));
        assertTrue(e.getMessage().contains("human"), e.getMessage());
    }

    @Test
    void register_sameIdTwice_throws() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        assertThrows(
                IllegalArgumentException.class,
                () -> registry.register(COUNTING, EnvRegistryTest::counting));
    }

    @Test
    void idsAndContains_listRegisteredIdsSorted() {
        registry.register(EnvSpec.of("b-v0"), EnvRegistryTest::counting);
        registry.register(EnvSpec.of("a-v0"), EnvRegistryTest::counting);

        assertEquals(List.of("a-v0", "b-v0"), registry.ids());
        assertTrue(registry.contains("a-v0"));
        assertFalse(registry.contains("c-v0"));
        assertEquals(EnvSpec.of("b-v0"), registry.spec("b-v0"));
    }

    @Test
    void makeVector_registeredId_makesWrappedEnvs() {
        registry.register(COUNTING, EnvRegistryTest::counting);
        SyncVectorEnv vector =
                registry.makeVector("Counting-v0", Map.of(), 2, AutoresetMode.SAME_STEP);
        vector.reset(0);
        vector.step(Tensor.ofLongs(0, 0));
        vector.step(Tensor.ofLongs(0, 0));

        assertEquals(2, vector.numEnvs());
        assertTrue(
                vector.step(Tensor.ofLongs(0, 0)).truncated()[1], "TimeLimit applies to each env");
        fails(
                EnvException.Code.NOT_FOUND,
                () -> registry.makeVector("Nope-v0", Map.of(), 2, AutoresetMode.NEXT_STEP));
    }
}
