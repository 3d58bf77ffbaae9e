package io.gymbridge.env.wrappers;

import java.util.Arrays;

/**
 * The running mean, variance and count of a stream of vectors, as {@code
 * gymnasium.wrappers.utils.RunningMeanStd}: Chan et al.'s parallel algorithm, starting from mean 0,
 * variance 1 and a pseudo-count {@code epsilon} (1e-4), so the first real sample dominates at once
 * but no division by zero can occur.
 *
 * <pre>
 * delta    = batchMean - mean
 * total    = count + batchCount
 * mean    += delta * batchCount / total
 * var      = (var * count + batchVar * batchCount + delta^2 * count * batchCount / total) / total
 * count    = total
 * </pre>
 *
 * <p>A float32 instance rounds every intermediate result to float32, as NumPy does for the float32
 * statistics of {@code NormalizeObservation} over a float32 Box, so it agrees with Gymnasium bit
 * for bit; a float64 one computes in double. The statistics are what an agent saves with its policy
 * and restores (with {@link #set}) for evaluation. Not thread-safe.
 */
public final class RunningMeanStd {
    /** Gymnasium's initial pseudo-count. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private final boolean float32;
    private final double[] mean;
    private final double[] var;
    private double count;

    /** Float64 statistics of vectors of {@code size} elements (size 1 for scalars). */
    public RunningMeanStd(int size) {
        this(size, DEFAULT_EPSILON, false);
    }

    /**
     * Statistics of vectors of {@code size} elements.
     *
     * @param size the number of elements of each vector
     * @param epsilon the initial pseudo-count, positive
     * @param float32 whether to compute in float32, as NumPy does for float32 statistics
     */
    public RunningMeanStd(int size, double epsilon, boolean float32) {
        if (size < 0 || !(epsilon > 0)) {
            throw new IllegalArgumentException(
                    "RunningMeanStd needs size >= 0 and epsilon > 0, got " + size + ", " + epsilon);
        }
        this.float32 = float32;
        this.mean = new double[size];
        this.var = new double[size];
        Arrays.fill(var, 1.0);
        this.count = epsilon;
    }

    /** Adds one sample: a batch of one, with mean {@code x} and variance 0. */
    public void update(double[] x) {
        updateFromMoments(x, new double[x.length], 1);
    }

    /**
     * Adds a batch given by its moments.
     *
     * @param batchMean the per-element mean of the batch
     * @param batchVar the per-element (population) variance of the batch
     * @param batchCount the number of samples in the batch
     */
    public void updateFromMoments(double[] batchMean, double[] batchVar, double batchCount) {
        checkSize("batch mean", batchMean.length);
        checkSize("batch variance", batchVar.length);
        double total = count + batchCount;
        double c = r(count);
        double b = r(batchCount);
        double t = r(total);
        for (int i = 0; i < mean.length; i++) {
            double delta = r(batchMean[i] - mean[i]);
            double m2 =
                    r(
                            r(r(var[i] * c) + r(batchVar[i] * b))
                                    + r(r(r(r(delta * delta) * c) * b) / t));
            mean[i] = r(mean[i] + r(r(delta * b) / t));
            var[i] = r(m2 / t);
        }
        count = total;
    }

    /**
     * Replaces the statistics, e.g. with saved ones.
     *
     * @throws IllegalArgumentException if the sizes differ or count is not positive
     */
    public void set(double[] mean, double[] var, double count) {
        checkSize("mean", mean.length);
        checkSize("variance", var.length);
        if (!(count > 0)) {
            throw new IllegalArgumentException("count must be > 0, got " + count);
        }
        for (int i = 0; i < mean.length; i++) {
            this.mean[i] = r(mean[i]);
            this.var[i] = r(var[i]);
        }
        this.count = count;
    }

    /** A copy of the running mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the running (population) variance. */
    public double[] var() {
        return var.clone();
    }

    /** Element {@code i} of the running mean. */
    public double mean(int i) {
        return mean[i];
    }

    /** Element {@code i} of the running variance. */
    public double var(int i) {
        return var[i];
    }

    /** The number of samples seen, plus the initial pseudo-count. */
    public double count() {
        return count;
    }

    /** The number of elements of each vector. */
    public int size() {
        return mean.length;
    }

    /** Whether the statistics are computed in float32. */
    public boolean isFloat32() {
        return float32;
    }

    @Override
    public String toString() {
        return "RunningMeanStd(mean="
                + Arrays.toString(mean)
                + ", var="
                + Arrays.toString(var)
                + ", count="
                + count
                + ")";
    }

    private double r(double x) {
        return float32 ? (float) x : x;
    }

    private void checkSize(String what, int length) {
        if (length != mean.length) {
            throw new IllegalArgumentException(
                    what + " needs " + mean.length + " elements, got " + length);
        }
    }
}
