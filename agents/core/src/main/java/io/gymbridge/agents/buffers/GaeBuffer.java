package io.gymbridge.agents.buffers;

import java.util.Arrays;

/**
 * The on-policy experience buffer of Spinning Up's VPG, TRPO and PPO: it stores one epoch of
 * interactions and computes GAE-lambda advantages and rewards-to-go when each trajectory ends.
 *
 * <p>With a vector env of n envs the interactions of the envs arrive interleaved; the buffer keeps
 * one trajectory in progress per env (the buffer positions of its steps), so {@link #finishPath}
 * works on one env's path at a time. For a path with rewards {@code r_0..r_{T-1}}, values {@code
 * V_0..V_{T-1}} and bootstrap value {@code V_T} ({@code lastVal}):
 *
 * <pre>
 * delta_t = r_t + gamma V_{t+1} - V_t
 * adv_t   = sum_k (gamma lam)^k delta_{t+k}          (GAE-lambda)
 * ret_t   = sum_k gamma^k r_{t+k} + gamma^{T-t} V_T   (rewards-to-go, the value targets)
 * </pre>
 *
 * {@code lastVal} is 0 when the episode terminated, and V(s_T) when it was truncated (a time limit)
 * or cut off by the end of the epoch: the state still had a future. {@link #get} normalises the
 * advantages over the whole epoch (mean 0, standard deviation 1).
 */
public final class GaeBuffer {
    private final int obsSize;
    private final int actSize;
    private final int capacity;
    private final double gamma;
    private final double lam;
    private final float[] obs;
    private final float[] act;
    private final double[] rew;
    private final double[] val;
    private final float[] logp;
    private final double[] adv;
    private final double[] ret;
    private final int[][] paths;
    private final int[] pathLengths;
    private int ptr;

    /**
     * An empty buffer.
     *
     * @param obsSize floats per observation
     * @param actSize floats per stored action
     * @param capacity the steps of one epoch
     * @param numEnvs the envs whose paths interleave
     */
    public GaeBuffer(
            int obsSize, int actSize, int capacity, double gamma, double lam, int numEnvs) {
        this.obsSize = obsSize;
        this.actSize = actSize;
        this.capacity = capacity;
        this.gamma = gamma;
        this.lam = lam;
        this.obs = new float[capacity * obsSize];
        this.act = new float[capacity * actSize];
        this.rew = new double[capacity];
        this.val = new double[capacity];
        this.logp = new float[capacity];
        this.adv = new double[capacity];
        this.ret = new double[capacity];
        this.paths = new int[numEnvs][16];
        this.pathLengths = new int[numEnvs];
    }

    /** Steps stored so far this epoch. */
    public int size() {
        return ptr;
    }

    /** The steps of one epoch. */
    public int capacity() {
        return capacity;
    }

    /** True when the epoch's steps are all stored. */
    public boolean isFull() {
        return ptr == capacity;
    }

    /** The number of steps on env {@code env}'s unfinished path. */
    public int pathLength(int env) {
        return pathLengths[env];
    }

    /**
     * Appends one step of env {@code env}: the observation at {@code o[oOff...]}, the action at
     * {@code a[aOff...]}, the reward, the value estimate V(s) and log pi(a|s).
     */
    public void store(
            int env, float[] o, int oOff, float[] a, int aOff, double r, double v, double logpA) {
        if (ptr >= capacity) {
            throw new IllegalStateException("buffer full: " + capacity + " steps this epoch");
        }
        System.arraycopy(o, oOff, obs, ptr * obsSize, obsSize);
        System.arraycopy(a, aOff, act, ptr * actSize, actSize);
        rew[ptr] = r;
        val[ptr] = v;
        logp[ptr] = (float) logpA;
        if (pathLengths[env] == paths[env].length) {
            paths[env] = Arrays.copyOf(paths[env], paths[env].length * 2);
        }
        paths[env][pathLengths[env]++] = ptr;
        ptr++;
    }

    /**
     * Ends env {@code env}'s path: computes its advantages and rewards-to-go.
     *
     * @param lastVal 0 if the episode terminated; V(s_T) if it was truncated or cut off
     */
    public void finishPath(int env, double lastVal) {
        int n = pathLengths[env];
        int[] idx = paths[env];
        double[] rews = new double[n + 1];
        double[] vals = new double[n + 1];
        for (int k = 0; k < n; k++) {
            rews[k] = rew[idx[k]];
            vals[k] = val[idx[k]];
        }
        rews[n] = lastVal;
        vals[n] = lastVal;
        // the GAE-lambda advantage
        double[] deltas = new double[n];
        for (int k = 0; k < n; k++) {
            deltas[k] = rews[k] + gamma * vals[k + 1] - vals[k];
        }
        double[] advs = discountCumsum(deltas, gamma * lam);
        // the rewards-to-go, targets for the value function
        double[] rets = discountCumsum(rews, gamma);
        for (int k = 0; k < n; k++) {
            adv[idx[k]] = advs[k];
            ret[idx[k]] = rets[k];
        }
        pathLengths[env] = 0;
    }

    /** The advantages of the steps stored so far, before normalisation (for tests). */
    double[] rawAdvantages() {
        return Arrays.copyOf(adv, ptr);
    }

    /** The rewards-to-go of the steps stored so far (for tests). */
    double[] rawReturns() {
        return Arrays.copyOf(ret, ptr);
    }

    /** The rewards-to-go of the last epoch, readable after {@link #get} too (for tests). */
    public double[] rawReturnsBeforeGet() {
        return ret.clone();
    }

    /**
     * One epoch's data, with advantages normalised over the epoch; empties the buffer.
     *
     * @throws IllegalStateException if the buffer is not full or a path is unfinished
     */
    public Data get() {
        if (ptr != capacity) {
            throw new IllegalStateException("buffer has " + ptr + " of " + capacity + " steps");
        }
        for (int e = 0; e < pathLengths.length; e++) {
            if (pathLengths[e] != 0) {
                throw new IllegalStateException("env " + e + "'s path is not finished");
            }
        }
        double mean = 0;
        for (double a : adv) {
            mean += a;
        }
        mean /= capacity;
        double var = 0;
        for (double a : adv) {
            var += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(var / capacity);
        // Spinning Up divides by the standard deviation as is; guard the degenerate all-equal case.
        double scale = std > 1e-8 ? 1.0 / std : 1.0;
        float[] advOut = new float[capacity];
        float[] retOut = new float[capacity];
        for (int i = 0; i < capacity; i++) {
            advOut[i] = (float) ((adv[i] - mean) * scale);
            retOut[i] = (float) ret[i];
        }
        ptr = 0;
        return new Data(obs.clone(), act.clone(), retOut, advOut, logp.clone(), capacity);
    }

    /**
     * One epoch of experience, ready for the update.
     *
     * @param obs observations {@code [size][obsSize]}
     * @param act stored actions {@code [size][actSize]}
     * @param ret rewards-to-go, the value targets
     * @param adv normalised advantages
     * @param logp log pi_old(a|s)
     * @param size the number of steps
     */
    public record Data(
            float[] obs, float[] act, float[] ret, float[] adv, float[] logp, int size) {}

    /**
     * {@code y[t] = sum_k discount^k x[t + k]}: Spinning Up's {@code discount_cumsum}.
     *
     * <pre>
     * input:  [x0, x1, x2]
     * output: [x0 + d x1 + d^2 x2, x1 + d x2, x2]
     * </pre>
     */
    public static double[] discountCumsum(double[] x, double discount) {
        double[] y = new double[x.length];
        double running = 0;
        for (int t = x.length - 1; t >= 0; t--) {
            running = x[t] + discount * running;
            y[t] = running;
        }
        return y;
    }
}
