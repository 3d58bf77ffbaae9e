package io.gymbridge.envs.mujoco;

/** NumPy's arithmetic where Gymnasium's reward terms depend on its exact order of operations. */
final class NumpyOps {
    private NumpyOps() {}

    /**
     * {@code np.sum(np.square(a))} of a float32 array, in float32: NumPy's pairwise summation (a
     * plain loop below 8 elements; eight interleaved partial sums, combined pairwise, up to 128).
     */
    static float sumOfSquares(float[] a) {
        int n = a.length;
        if (n > 128) {
            throw new IllegalArgumentException("pairwise sums of more than 128 values: " + n);
        }
        if (n < 8) {
            float res = 0f;
            for (float x : a) {
                res += x * x;
            }
            return res;
        }
        float[] r = new float[8];
        for (int j = 0; j < 8; j++) {
            r[j] = a[j] * a[j];
        }
        int i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[i + j] * a[i + j];
            }
        }
        float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i] * a[i];
        }
        return res;
    }

    /**
     * {@code weight * np.sum(np.square(action))} with NumPy 2's promotion (the reference episodes'
     * {@code numpy_promotion: weak}): a Python float times a float32 scalar stays float32.
     */
    static double controlCost(double weight, float[] action) {
        return (float) weight * sumOfSquares(action);
    }

    /**
     * {@code np.linalg.norm(v)} of a short float64 vector: the square root of {@code v.dot(v)}, the
     * products summed left to right without fused multiply-adds (what the BLAS behind the reference
     * episodes did: every Swimmer distance and Reacher reward in them matches this, and a fused sum
     * misses about one in eight).
     */
    static double norm(double... v) {
        double sum = 0.0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /**
     * {@code np.sin} of a float64: the C library's {@code sin} (glibc's on the reference platform),
     * which is what NumPy calls. Neither {@link Math#sin} nor {@link StrictMath#sin} always agrees
     * with it: on a million random angles (half in [-4, 4], half in [-0.3, 0.3]) Math.sin differs
     * from glibc 2.36's by one ulp in 0.25 per cent of them, StrictMath.sin in 2.3 per cent
     * (cosines: 0.12 and 2.3). Needs the MuJoCo shim bound, as it is in every MuJoCo env.
     */
    static double sin(double x) {
        return Shim.gb_sin(x);
    }

    /**
     * {@code np.cos} of a float64: the C library's {@code cos}, for the reasons of {@link #sin}.
     */
    static double cos(double x) {
        return Shim.gb_cos(x);
    }

    /**
     * {@code x ** 2} of a float64 scalar ({@code np.float64}, as Gymnasium's reward terms unpack
     * from mjData's arrays): the C library's {@code pow(x, 2)}, which NumPy's scalar power calls.
     * It is not {@code x * x}: glibc 2.36's pow rounds about 0.08 per cent of squares the other
     * way. (An array's {@code ** 2} is NumPy's {@code square}, {@code x * x}.)
     */
    static double squared(double x) {
        return Shim.gb_pow(x, 2.0);
    }

    /**
     * {@code np.sum(np.square(a))} of a float64 array (any shape, C-contiguous, as one flat
     * reduction): NumPy's pairwise summation, split in halves (multiples of 8) above 128 values.
     */
    static double sumOfSquares(double[] a) {
        double[] sq = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sq[i] = a[i] * a[i];
        }
        return pairwiseSum(sq, 0, sq.length);
    }

    /** NumPy's {@code DOUBLE_pairwise_sum} of {@code a[from, from + n)}. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = from; i < from + n; i++) {
                res += a[i];
            }
            return res;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /** {@code np.clip(x, low, high)}: NaN stays NaN. */
    static double clip(double x, double low, double high) {
        return Math.min(Math.max(x, low), high);
    }
}
