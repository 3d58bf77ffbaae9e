package io.gymbridge.env.testing;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny deterministic env for tests.
 *
 * <h2>Description</h2>
 *
 * Counts the steps of the episode. Every action is recorded ({@link #actions()}), as is every seed
 * given to reset ({@link #seeds()}), so tests can see what wrappers and vector envs passed on.
 *
 * <h2>Action Space</h2>
 *
 * Configurable: {@code Discrete(2)} ({@link #discrete}) or any Box ({@link #box}). Actions are
 * checked as the Env contract says (INVALID_ARGUMENT), but otherwise ignored.
 *
 * <h2>Observation Space</h2>
 *
 * {@link #OBSERVATION_SPACE}: float32 [1], the number of steps since the reset.
 *
 * <h2>Rewards</h2>
 *
 * Step k of an episode (k = 1, 2, ...) gives reward k, so an episode of n steps returns n(n+1)/2.
 *
 * <h2>Starting State</h2>
 *
 * 0 steps. Reset info: {@code {"resets": number of resets so far (Integer)}}.
 *
 * <h2>Episode End</h2>
 *
 * Terminates on step {@code terminateAfter} (never, if 0); the reset option {@code
 * "terminate_after"} (an Integer) sets another limit for one episode. Stepping before the first
 * reset or after termination is FAILED_PRECONDITION. Step info: {@code {"step": k (Integer)}}.
 *
 * @param <A> the action type
 */
public final class CountingEnv<A> extends AbstractEnv<Tensor, A> {
    /** Box(0.0, inf, (1,), float32): the step count. */
    public static final Box OBSERVATION_SPACE =
            Box.of(0, Double.POSITIVE_INFINITY, DType.FLOAT32, 1);

    private final int terminateAfter;
    private final List<A> actions = new ArrayList<>();
    private final List<Long> seeds = new ArrayList<>();
    private int episodeLimit;
    private int steps;
    private int resets;
    private boolean needsReset = true;
    private boolean closed;

    private CountingEnv(Space<A> actionSpace, int terminateAfter) {
        super(OBSERVATION_SPACE, actionSpace, EnvSpec.of("Counting-v0"), null);
        if (terminateAfter < 0) {
            throw new IllegalArgumentException("terminateAfter must be >= 0");
        }
        this.terminateAfter = terminateAfter;
    }

    /** A counting env with actions in Discrete(2), terminating on step {@code terminateAfter}. */
    public static CountingEnv<Integer> discrete(int terminateAfter) {
        return new CountingEnv<>(new Discrete(2), terminateAfter);
    }

    /** A counting env with actions in {@code actionSpace}, terminating on step terminateAfter. */
    public static CountingEnv<Tensor> box(Box actionSpace, int terminateAfter) {
        return new CountingEnv<>(actionSpace, terminateAfter);
    }

    /** The observation after {@code steps} steps. */
    public static Tensor obs(int steps) {
        return Tensor.of((float) steps);
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        seeds.add(seed);
        episodeLimit = (Integer) options.getOrDefault("terminate_after", terminateAfter);
        steps = 0;
        resets++;
        needsReset = false;
        return new Reset<>(obs(0), Map.of("resets", resets));
    }

    @Override
    public Step<Tensor> step(A action) {
        A checked = checkAction(action);
        if (needsReset) {
            throw EnvException.failedPrecondition(
                    steps == 0 ? "step before reset" : "step after termination, reset first");
        }
        actions.add(checked);
        steps++;
        boolean terminated = steps == episodeLimit;
        needsReset = terminated;
        return new Step<>(obs(steps), steps, terminated, false, Map.of("step", steps));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The actions stepped with, in order, across episodes. */
    public List<A> actions() {
        return List.copyOf(actions);
    }

    /** The last action stepped with. */
    public A lastAction() {
        return actions.get(actions.size() - 1);
    }

    /** The seed given to each reset, in order (null for none). */
    public List<Long> seeds() {
        return new ArrayList<>(seeds);
    }

    /** The number of steps of the current episode. */
    public int steps() {
        return steps;
    }

    /** The number of resets so far. */
    public int resets() {
        return resets;
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }
}
