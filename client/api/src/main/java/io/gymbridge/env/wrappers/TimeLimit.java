package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import java.util.Map;

/**
 * Truncates episodes after {@code maxEpisodeSteps} steps, as {@code gymnasium.wrappers.TimeLimit}:
 * the step that reaches the limit returns {@code truncated = true} (and keeps the env's own {@code
 * terminated}).
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class TimeLimit<O, A> extends Wrapper<O, A> {
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    /**
     * Limits {@code env} to {@code maxEpisodeSteps} steps per episode.
     *
     * @throws IllegalArgumentException if maxEpisodeSteps is less than 1
     */
    public TimeLimit(Env<O, A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(
                    "max_episode_steps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The limit. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public EnvSpec spec() {
        return env.spec().withMaxEpisodeSteps(maxEpisodeSteps);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        elapsedSteps = 0;
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !s.truncated()) {
            return new Step<>(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        return s;
    }
}
