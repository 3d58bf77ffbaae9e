package io.gymbridge.agents.nn;

import java.util.function.UnaryOperator;

/** The conjugate gradient method and the bits of vector arithmetic TRPO needs, on doubles. */
public final class ConjugateGradient {
    private ConjugateGradient() {}

    private static final double EPS = 1e-8;

    /**
     * An approximate solution x of {@code A x = b}, A symmetric positive definite and given only as
     * the product {@code ax}, after {@code iters} iterations (exact after dim(b) iterations, up to
     * rounding; it stops early if the residual vanishes).
     */
    public static double[] solve(UnaryOperator<double[]> ax, double[] b, int iters) {
        double[] x = new double[b.length];
        double[] r = b.clone(); // the residual b - A x, with x = 0
        double[] p = b.clone(); // the search direction
        double rDotOld = dot(r, r);
        for (int i = 0; i < iters; i++) {
            double[] z = ax.apply(p);
            double alpha = rDotOld / (dot(p, z) + EPS);
            x = axpy(alpha, p, x);
            r = axpy(-alpha, z, r);
            double rDotNew = dot(r, r);
            if (rDotNew == 0) {
                break; // solved exactly: a new direction would divide 0 by 0
            }
            p = axpy(rDotNew / rDotOld, p, r);
            rDotOld = rDotNew;
        }
        return x;
    }

    /** {@code a x + y}. */
    public static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = a * x[i] + y[i];
        }
        return out;
    }

    /** The dot product. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
