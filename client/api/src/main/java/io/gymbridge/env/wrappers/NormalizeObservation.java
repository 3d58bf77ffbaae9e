package io.gymbridge.env.wrappers;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;

/**
 * Normalizes each observation element to roughly zero mean and unit variance with running
 * statistics, as {@code gymnasium.wrappers.NormalizeObservation} (Gymnasium 1.x).
 *
 * <p>Every observation, from reset and from step, first updates a {@link RunningMeanStd} (initial
 * pseudo-count 1e-4, unless {@link #setUpdateRunningMean frozen}), and is then returned as
 *
 * <pre>
 * float32((obs - mean) / sqrt(var + epsilon))      epsilon = 1e-8 by default
 * </pre>
 *
 * so the very first observation maps to about 0. The observation space becomes {@code Box(-inf,
 * inf)} of the same shape, float32, as in Gymnasium 1.0+. As in Gymnasium, the statistics of a
 * float32 observation space are kept in float32, and in float64 for other dtypes.
 *
 * <p>The normalization depends on the past: freeze the statistics for evaluation, and save and
 * restore them with the policy ({@link #runningMeanStd()}, {@link RunningMeanStd#set}).
 *
 * @param <A> the action type
 */
public final class NormalizeObservation<A> extends ObservationWrapper<Tensor, Tensor, A> {
    /** Gymnasium's default epsilon under the square root. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final RunningMeanStd rms;
    private final double epsilon;
    private final int[] shape;
    private boolean updateRunningMean = true;

    /** Normalizes the observations of {@code env} with epsilon 1e-8. */
    public NormalizeObservation(Env<Tensor, A> env) {
        this(env, DEFAULT_EPSILON);
    }

    /**
     * Normalizes the observations of {@code env}.
     *
     * @param env an env whose observations are tensors (Box, MultiBinary, MultiDiscrete)
     * @param epsilon added to the variance under the square root, positive
     * @throws IllegalArgumentException if epsilon is not positive or the observation space has no
     *     shape
     */
    public NormalizeObservation(Env<Tensor, A> env, double epsilon) {
        super(env, unboundedFloat32(env.observationSpace()));
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        Space<Tensor> inner = env.observationSpace();
        boolean float32 = inner instanceof Box b && b.dtype() == DType.FLOAT32;
        Box space = (Box) observationSpace();
        this.shape = space.shape();
        this.rms = new RunningMeanStd(space.size(), RunningMeanStd.DEFAULT_EPSILON, float32);
        this.epsilon = epsilon;
    }

    private static Box unboundedFloat32(Space<Tensor> space) {
        int[] shape = space.shape();
        if (shape == null) {
            throw new IllegalArgumentException(
                    "NormalizeObservation requires an observation space with a shape, got "
                            + space);
        }
        return Box.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, DType.FLOAT32, shape);
    }

    /** The running statistics (live, not a copy): read them to save, {@code set} to restore. */
    public RunningMeanStd runningMeanStd() {
        return rms;
    }

    /** Whether observations update the statistics (true by default). */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /** Freezes (false) or resumes (true) the updates of the statistics, e.g. for evaluation. */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }

    @Override
    protected Tensor observation(Tensor observation) {
        double[] x = observation.toDoubleArray();
        if (updateRunningMean) {
            rms.update(x);
        }
        float[] out = new float[x.length];
        boolean f32 = rms.isFloat32();
        for (int i = 0; i < x.length; i++) {
            double centered = x[i] - rms.mean(i);
            double scale = Math.sqrt(rms.var(i) + epsilon);
            if (f32) {
                // NumPy's float32 arithmetic: epsilon cast to float32, each result rounded
                centered = (float) centered;
                scale = (float) Math.sqrt((float) (rms.var(i) + (float) epsilon));
            }
            out[i] = (float) (centered / scale);
        }
        return Tensor.wrap(DType.FLOAT32, shape.clone(), out);
    }
}
