package io.gymbridge.agents.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Conjugate gradient on a known quadratic. */
class ConjugateGradientTest {
    // A symmetric positive definite 4x4 matrix and b = A x* for x* = (1, -2, 0.5, 3).
    private static final double[][] A = {
        {4, 1, 0, 0.5},
        {1, 3, 0.2, 0},
        {0, 0.2, 2, 0.1},
        {0.5, 0, 0.1, 5}
    };
    private static final double[] X_STAR = {1, -2, 0.5, 3};

    private static double[] times(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += A[i][j] * v[j];
            }
        }
        return out;
    }

    @Test
    void cg_dimensionIterations_solvesExactly() {
        double[] b = times(X_STAR);
        assertArrayEquals(
                X_STAR, ConjugateGradient.solve(ConjugateGradientTest::times, b, 4), 1e-6);
    }

    @Test
    void cg_moreIterationsThanDimension_staysSolved() {
        double[] b = times(X_STAR);
        assertArrayEquals(
                X_STAR, ConjugateGradient.solve(ConjugateGradientTest::times, b, 10), 1e-6);
    }

    @Test
    void cg_oneIteration_isTheSteepestDescentStep() {
        // x1 = (b.b / b.Ab) b
        double[] b = times(X_STAR);
        double[] ab = times(b);
        double bb = 0;
        double bab = 0;
        for (int i = 0; i < 4; i++) {
            bb += b[i] * b[i];
            bab += b[i] * ab[i];
        }
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = bb / bab * b[i];
        }
        assertArrayEquals(
                expected, ConjugateGradient.solve(ConjugateGradientTest::times, b, 1), 1e-9);
    }
}
