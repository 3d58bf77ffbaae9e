package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.Step;

/**
 * Scales rewards so that their exponential moving average has roughly unit variance, as {@code
 * gymnasium.wrappers.NormalizeReward} (Gymnasium 1.x). Observations, flags and infos pass through.
 *
 * <p>Each step updates a discounted return accumulator and its running statistics (a float64 {@link
 * RunningMeanStd} with pseudo-count 1e-4), then divides the reward, not centred, by the running
 * standard deviation of that return:
 *
 * <pre>
 * G      = G * gamma * (1 - terminated) + reward      gamma = 0.99 by default
 * update return_rms with G                           (unless frozen)
 * reward = reward / sqrt(return_rms.var + epsilon)   epsilon = 1e-8 by default
 * </pre>
 *
 * <p>Exactly as in Gymnasium (which keeps this order for backward compatibility): the accumulator
 * is cleared only by a step with {@code terminated}, and on that step itself, before its reward is
 * added, so the terminal reward starts the sum that the next episode continues. A truncation does
 * not clear it, and neither does {@link #reset}. The scaling depends on past episodes and on the
 * policy that produced them: freeze it with {@link #setUpdateRunningMean} for evaluation and save
 * {@link #returnRms()} with the policy.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class NormalizeReward<O, A> extends Wrapper<O, A> {
    /** Gymnasium's default discount factor of the return accumulator. */
    public static final double DEFAULT_GAMMA = 0.99;

    /** Gymnasium's default epsilon under the square root. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double gamma;
    private final double epsilon;
    private final RunningMeanStd returnRms = new RunningMeanStd(1);
    private double discountedReward;
    private boolean updateRunningMean = true;

    /** Normalizes the rewards of {@code env} with gamma 0.99 and epsilon 1e-8. */
    public NormalizeReward(Env<O, A> env) {
        this(env, DEFAULT_GAMMA, DEFAULT_EPSILON);
    }

    /**
     * Normalizes the rewards of {@code env}.
     *
     * @param env the env to wrap
     * @param gamma the discount factor of the return accumulator, in [0, 1]
     * @param epsilon added to the variance under the square root, positive
     * @throws IllegalArgumentException if gamma or epsilon is out of range
     */
    public NormalizeReward(Env<O, A> env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        discountedReward = discountedReward * gamma * (s.terminated() ? 0 : 1) + s.reward();
        if (updateRunningMean) {
            returnRms.update(new double[] {discountedReward});
        }
        double normalized = s.reward() / Math.sqrt(returnRms.var(0) + epsilon);
        return new Step<>(s.observation(), normalized, s.terminated(), s.truncated(), s.info());
    }

    /** The running statistics of the discounted return (live, not a copy). */
    public RunningMeanStd returnRms() {
        return returnRms;
    }

    /** The discounted return accumulator G. */
    public double discountedReward() {
        return discountedReward;
    }

    /** Whether steps update the statistics (true by default). */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /** Freezes (false) or resumes (true) the updates of the statistics, e.g. for evaluation. */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }
}
