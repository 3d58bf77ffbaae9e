package io.gymbridge.env.vector;

import io.gymbridge.env.EmergencyStoppable;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Spaces;
import io.gymbridge.env.wrappers.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Steps num_envs envs together, as {@code gymnasium.vector.SyncVectorEnv} does, with its three
 * autoreset modes. The Java server serves every session through one of these.
 *
 * <p>Envs whose steps are expensive (MuJoCo's, say) are stepped on all cores: once a step of all
 * envs has taken more than {@link ParallelStepper#PARALLEL_ABOVE_NANOS} per env, the envs are split
 * among the cores. Each env is stepped by one thread at a time and results are gathered by index,
 * so what the vector returns does not depend on it; cheap envs (classic control) stay in the
 * calling thread, where a hand-off would cost more than the step.
 */
public final class SyncVectorEnv implements VectorEnv<Object, Object> {
    private final List<Env<Object, Object>> envs;
    private final AutoresetMode mode;
    private final Space<Object> observationSpace;
    private final Space<Object> actionSpace;
    private final Object[] lastObservations;

    /** Env i must be reset before it can step: never reset, or ended under DISABLED. */
    private final boolean[] needsReset;

    /** Under NEXT_STEP: env i ended on the last step and resets on the next one. */
    private final boolean[] autoresetNext;

    private final ParallelStepper stepper = new ParallelStepper();

    private boolean closed;
    private VectorStep<Object> started;
    private RuntimeException startFailed;

    /**
     * Makes num_envs envs with {@code factory} and steps them together.
     *
     * @throws IllegalArgumentException if numEnvs is less than 1
     */
    public static SyncVectorEnv create(
            Supplier<? extends Env<?, ?>> factory, int numEnvs, AutoresetMode mode) {
        if (numEnvs < 1) {
            throw EnvException.invalidArgument("num_envs must be >= 1, got " + numEnvs);
        }
        List<Env<?, ?>> envs = new ArrayList<>(numEnvs);
        try {
            for (int i = 0; i < numEnvs; i++) {
                envs.add(factory.get());
            }
        } catch (RuntimeException e) {
            envs.forEach(Env::close);
            throw e;
        }
        return new SyncVectorEnv(envs, mode);
    }

    /**
     * Steps the given envs together; they must have equal spaces. The vector owns and closes them.
     */
    @SuppressWarnings("unchecked")
    public SyncVectorEnv(List<? extends Env<?, ?>> envs, AutoresetMode mode) {
        if (envs.isEmpty()) {
            throw EnvException.invalidArgument("a vector env needs at least one env");
        }
        this.envs = new ArrayList<>();
        for (Env<?, ?> e : envs) {
            this.envs.add((Env<Object, Object>) e);
        }
        this.mode = mode;
        Env<?, ?> first = envs.get(0);
        for (Env<?, ?> e : envs) {
            if (!e.observationSpace().equals(first.observationSpace())
                    || !e.actionSpace().equals(first.actionSpace())) {
                throw EnvException.invalidArgument("the envs of a vector must have equal spaces");
            }
        }
        int n = envs.size();
        this.observationSpace = (Space<Object>) Spaces.batch(first.observationSpace(), n);
        this.actionSpace = (Space<Object>) Spaces.batch(first.actionSpace(), n);
        this.lastObservations = new Object[n];
        this.needsReset = new boolean[n];
        this.autoresetNext = new boolean[n];
        Arrays.fill(needsReset, true);
    }

    @Override
    public int numEnvs() {
        return envs.size();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public Space<?> singleObservationSpace() {
        return envs.get(0).observationSpace();
    }

    @Override
    public Space<?> singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    @Override
    public Space<Object> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Object> actionSpace() {
        return actionSpace;
    }

    @Override
    public EnvSpec spec() {
        return envs.get(0).spec();
    }

    @Override
    public Map<String, Object> metadata() {
        return envs.get(0).metadata();
    }

    @Override
    public VectorReset<Object> reset(Long seed, Map<String, Object> options, boolean[] mask) {
        ensureOpen();
        int n = envs.size();
        if (mask != null && mask.length != n) {
            throw EnvException.invalidArgument(
                    "reset_mask needs " + n + " flags, got " + mask.length);
        }
        for (int i = 0; i < n; i++) {
            if (lastObservations[i] == null && mask != null && !mask[i]) {
                throw EnvException.failedPrecondition(
                        "env " + i + " was never reset; the first reset must include every env");
            }
        }
        if (seed != null && seed > Long.MAX_VALUE - (n - 1)) {
            throw EnvException.invalidArgument(
                    "seed "
                            + seed
                            + " + "
                            + (n - 1)
                            + " overflows a 64-bit integer (env i gets seed + i)");
        }
        List<Map<String, Object>> infos = null;
        for (int i = 0; i < n; i++) {
            if (mask != null && !mask[i]) {
                continue;
            }
            Reset<Object> r = envs.get(i).reset(seed == null ? null : seed + i, options);
            lastObservations[i] = r.observation();
            needsReset[i] = false;
            autoresetNext[i] = false;
            infos = addInfo(infos, i, r.info());
        }
        return new VectorReset<>(batchObservations(), infos == null ? emptyInfos() : infos);
    }

    /**
     * Calls each env's emergency-stop hook, on the env or under its wrappers; not under any lock,
     * and while a step may be in progress: the hooks are thread-safe by contract. A hook that
     * throws does not keep the others from being called; the first failure is rethrown after.
     */
    @Override
    public void emergencyStop(String reason) {
        RuntimeException first = null;
        for (Env<Object, Object> e : envs) {
            var stoppable = layer(e, EmergencyStoppable.class);
            if (stoppable != null) {
                try {
                    stoppable.emergencyStop(reason);
                } catch (RuntimeException ex) {
                    first = first == null ? ex : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The robot envs, on each env or under its wrappers; all or none. */
    @Override
    public List<RobotEnv<?>> robots() {
        List<RobotEnv<?>> robots = new ArrayList<>();
        for (Env<Object, Object> e : envs) {
            RobotEnv<?> robot = layer(e, RobotEnv.class);
            if (robot != null) {
                robots.add(robot);
            }
        }
        return robots.size() == envs.size() ? List.copyOf(robots) : List.of();
    }

    /**
     * The outermost layer of {@code env} (itself, a wrapper under it, the env) that is a {@code
     * type}.
     */
    private static <T> T layer(Env<?, ?> env, Class<T> type) {
        Env<?, ?> e = env;
        while (true) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            if (!(e instanceof Wrapper<?, ?> w)) {
                Env<?, ?> u = e.unwrapped();
                return type.isInstance(u) ? type.cast(u) : null;
            }
            e = w.inner();
        }
    }

    @Override
    public Object safeActions() {
        List<RobotEnv<?>> robots = robots();
        if (robots.isEmpty()) {
            return VectorEnv.super.safeActions();
        }
        List<Object> actions = new ArrayList<>(robots.size());
        for (RobotEnv<?> robot : robots) {
            actions.add(robot.safeAction());
        }
        return Spaces.concatenate(singleActionSpace(), actions);
    }

    /** Steps at once: the result waits for {@link #stepWait()}. */
    @Override
    public void stepAsync(Object actions) {
        ensureOpen();
        if (started != null || startFailed != null) {
            throw EnvException.failedPrecondition("a step is already waiting for stepWait()");
        }
        try {
            started = step(actions);
        } catch (EnvException e) {
            startFailed = e;
        }
    }

    @Override
    public VectorStep<Object> stepWait() {
        ensureOpen();
        if (started == null && startFailed == null) {
            throw EnvException.failedPrecondition("stepWait() without a step started by stepAsync");
        }
        VectorStep<Object> s = started;
        RuntimeException failed = startFailed;
        started = null;
        startFailed = null;
        if (failed != null) {
            throw failed;
        }
        return s;
    }

    @Override
    public VectorStep<Object> step(Object actions) {
        ensureOpen();
        int n = envs.size();
        List<Object> perEnv = checkActions(actions);
        for (int i = 0; i < n; i++) {
            if (needsReset[i]) {
                throw EnvException.failedPrecondition(
                        lastObservations[i] == null
                                ? "step before reset: call reset first"
                                : "env "
                                        + i
                                        + "'s episode ended and autoreset_mode is DISABLED:"
                                        + " reset it (with a reset mask) before stepping it");
            }
        }
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Map<String, Object>> perEnvInfo = new ArrayList<>(Collections.nCopies(n, null));
        AtomicLong nanosInEnvs = new AtomicLong();
        IntConsumer stepOne =
                i -> {
                    long start = System.nanoTime();
                    perEnvInfo.set(i, stepEnv(i, perEnv.get(i), rewards, terminated, truncated));
                    nanosInEnvs.addAndGet(System.nanoTime() - start);
                };
        if (stepper.parallel(n)) {
            stepper.forEach(n, stepOne);
        } else {
            for (int i = 0; i < n; i++) {
                stepOne.accept(i);
            }
        }
        stepper.observe(n, nanosInEnvs.get());
        List<Map<String, Object>> infos = null;
        for (int i = 0; i < n; i++) {
            infos = addInfo(infos, i, perEnvInfo.get(i));
        }
        return new VectorStep<>(
                batchObservations(),
                rewards,
                terminated,
                truncated,
                infos == null ? emptyInfos() : infos);
    }

    /**
     * Steps (or, under NEXT_STEP after an ending, resets) env {@code i}, writing its results at
     * index i; returns its info. Touches only env i's state, so envs may step concurrently.
     */
    private Map<String, Object> stepEnv(
            int i, Object action, double[] rewards, boolean[] terminated, boolean[] truncated) {
        Env<Object, Object> env = envs.get(i);
        if (mode == AutoresetMode.NEXT_STEP && autoresetNext[i]) {
            Reset<Object> r = env.reset(null, Map.of());
            lastObservations[i] = r.observation();
            autoresetNext[i] = false;
            return r.info();
        }
        Step<Object> s = env.step(action);
        rewards[i] = s.reward();
        terminated[i] = s.terminated();
        truncated[i] = s.truncated();
        Map<String, Object> info = s.info();
        lastObservations[i] = s.observation();
        if (s.done()) {
            switch (mode) {
                case NEXT_STEP -> autoresetNext[i] = true;
                case DISABLED -> needsReset[i] = true;
                case SAME_STEP -> {
                    Reset<Object> r = env.reset(null, Map.of());
                    Map<String, Object> merged = new HashMap<>(r.info());
                    merged.put("final_obs", s.observation());
                    merged.put("final_info", s.info());
                    info = merged;
                    lastObservations[i] = r.observation();
                }
            }
        }
        return info;
    }

    @Override
    public Tensor render(int index) {
        ensureOpen();
        if (index < 0 || index >= envs.size()) {
            throw EnvException.invalidArgument(
                    "env_index " + index + " is outside [0, " + envs.size() + ")");
        }
        return envs.get(index).render();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (Env<?, ?> env : envs) {
            try {
                env.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Splits the batch into per-env actions and checks every one before any env steps, so that a
     * bad action leaves the whole vector untouched.
     *
     * @throws EnvException INVALID_ARGUMENT naming the env index and its action space
     */
    private List<Object> checkActions(Object actions) {
        int n = envs.size();
        List<Object> perEnv = null;
        try {
            perEnv = Spaces.unbatch(singleActionSpace(), actions, n);
        } catch (RuntimeException e) {
            // not even the shape of a batch: the batch-level message below says what is wrong
        }
        if (perEnv != null) {
            for (int i = 0; i < n; i++) {
                Optional<String> single = singleActionSpace().actionMismatch(perEnv.get(i));
                if (single.isPresent()) {
                    throw EnvException.invalidArgument(
                            "invalid action for env "
                                    + i
                                    + " of "
                                    + spec().id()
                                    + ": "
                                    + single.get());
                }
            }
        }
        Optional<String> batch = actionSpace.actionMismatch(actions);
        if (batch.isPresent() || perEnv == null) {
            throw EnvException.invalidArgument(
                    "invalid actions for "
                            + n
                            + " x "
                            + spec().id()
                            + ": "
                            + batch.orElse("not a batch of " + n + " actions")
                            + " (env i's action at index i, each in "
                            + singleActionSpace()
                            + ")");
        }
        return perEnv;
    }

    private Object batchObservations() {
        return Spaces.concatenate(envs.get(0).observationSpace(), Arrays.asList(lastObservations));
    }

    private List<Map<String, Object>> addInfo(
            List<Map<String, Object>> infos, int i, Map<String, Object> info) {
        if (info.isEmpty()) {
            return infos;
        }
        if (infos == null) {
            infos = new ArrayList<>(Collections.nCopies(envs.size(), Map.of()));
        }
        infos.set(i, info);
        return infos;
    }

    private List<Map<String, Object>> emptyInfos() {
        return Collections.nCopies(envs.size(), Map.of());
    }

    private void ensureOpen() {
        if (closed) {
            throw EnvException.failedPrecondition("the vector env is closed");
        }
    }
}
