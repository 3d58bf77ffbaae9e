package io.gymbridge.agents.testing;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.Discrete;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Envs for the agents' tests, registered in the process-wide registry. */
public final class TestEnvs {
    private TestEnvs() {}

    /** Scripted-v0: see {@link ScriptedEnv}. */
    public static final String SCRIPTED = "Scripted-v0";

    /** DictAction-v0: a Dict action space, which the on-policy algorithms cannot handle. */
    public static final String DICT_ACTION = "DictAction-v0";

    /**
     * Flaky-v0: CartPole-v1 whose steps fail (UNAVAILABLE) once {@link #FLAKY_BUDGET} runs out, as
     * when a server dies.
     */
    public static final String FLAKY = "Flaky-v0";

    /** FlakyPendulum-v0: Pendulum-v1 (Box actions) failing as Flaky-v0 does, on the same budget. */
    public static final String FLAKY_PENDULUM = "FlakyPendulum-v0";

    /**
     * Env steps Flaky-v0 and FlakyPendulum-v0 still allow across all its instances; Long.MAX_VALUE
     * by default.
     */
    public static final AtomicLong FLAKY_BUDGET = new AtomicLong(Long.MAX_VALUE);

    /** Registers the test envs once. */
    public static synchronized void register() {
        EnvRegistry registry = Envs.registry();
        if (registry.contains(SCRIPTED)) {
            return;
        }
        registry.register(
                EnvSpec.of(SCRIPTED),
                (spec, kwargs, renderMode) ->
                        new ScriptedEnv(
                                spec,
                                ((Number) kwargs.getOrDefault("terminate_at", 0L)).intValue()));
        registry.register(EnvSpec.of(DICT_ACTION), (spec, kwargs, renderMode) -> new DictEnv(spec));
        registry.register(
                EnvSpec.of(FLAKY).withMaxEpisodeSteps(500),
                (spec, kwargs, renderMode) -> new FlakyEnv(spec, Envs.make("CartPole-v1")));
        registry.register(
                EnvSpec.of(FLAKY_PENDULUM).withMaxEpisodeSteps(200),
                (spec, kwargs, renderMode) -> new FlakyEnv(spec, Envs.make("Pendulum-v1")));
    }

    /**
     * Observation: the number of steps since the reset (float32 [1]); action Discrete(2), ignored;
     * reward 1 per step; terminates at step {@code terminate_at} (kwarg; never if 0). Truncation
     * comes from the registry's TimeLimit ({@code max_episode_steps}).
     */
    static final class ScriptedEnv extends AbstractEnv<Tensor, Integer> {
        private final int terminateAt;
        private int t;

        ScriptedEnv(EnvSpec spec, int terminateAt) {
            super(Box.of(0, 1e6, DType.FLOAT32, 1), new Discrete(2), spec, null);
            this.terminateAt = terminateAt;
        }

        @Override
        public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
            seed(seed);
            t = 0;
            return new Reset<>(Tensor.of(0f), Map.of());
        }

        @Override
        public Step<Tensor> step(Integer action) {
            checkAction(action);
            t++;
            return new Step<>(Tensor.of((float) t), 1.0, t == terminateAt, false, Map.of());
        }
    }

    /** A Dict action space. */
    static final class DictEnv extends AbstractEnv<Tensor, Map<String, Object>> {
        DictEnv(EnvSpec spec) {
            super(Box.of(-1, 1, DType.FLOAT32, 2), dictSpace(), spec, null);
        }

        private static DictSpace dictSpace() {
            Map<String, io.gymbridge.env.spaces.Space<?>> spaces = new LinkedHashMap<>();
            spaces.put("move", new Discrete(3));
            spaces.put("speed", Box.of(0, 1, DType.FLOAT32, 1));
            return new DictSpace(spaces);
        }

        @Override
        public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
            return new Reset<>(Tensor.of(0f, 0f), Map.of());
        }

        @Override
        public Step<Tensor> step(Map<String, Object> action) {
            return new Step<>(Tensor.of(0f, 0f), 0, true, false, Map.of());
        }
    }

    /**
     * Delegates to an env until the shared budget of steps runs out, then fails as a dead server.
     */
    static final class FlakyEnv implements Env<Object, Object> {
        private final EnvSpec spec;
        private final Env<Object, Object> inner;

        FlakyEnv(EnvSpec spec, Env<Object, Object> inner) {
            this.spec = spec;
            this.inner = inner;
        }

        @Override
        public io.gymbridge.env.spaces.Space<Object> observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public io.gymbridge.env.spaces.Space<Object> actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public EnvSpec spec() {
            return spec;
        }

        @Override
        public Reset<Object> reset(Long seed, Map<String, Object> options) {
            return inner.reset(seed, options);
        }

        @Override
        public Step<Object> step(Object action) {
            if (FLAKY_BUDGET.decrementAndGet() < 0) {
                throw new EnvException(EnvException.Code.UNAVAILABLE, "connection refused (test)");
            }
            return inner.step(action);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
