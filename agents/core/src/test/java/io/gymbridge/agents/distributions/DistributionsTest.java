package io.gymbridge.agents.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.testing.FreedMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Log-probabilities, entropies and KLs against closed forms computed in double. */
class DistributionsTest {
    private static final double TOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void categorical_matchesClosedForms(String engine) {
        double[][] logitsP = {{0.5, -1.0, 2.0}, {0.0, 0.0, 0.0}};
        double[][] logitsQ = {{1.0, 1.0, -0.5}, {3.0, -2.0, 0.25}};
        int[] actions = {2, 1};
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            Categorical p = new Categorical(m.create(flat(logitsP), new Shape(2, 3)));
            Categorical q = new Categorical(m.create(flat(logitsQ), new Shape(2, 3)));
            NDArray oneHot = m.create(new float[] {0, 0, 1, 0, 1, 0}, new Shape(2, 3));
            double[] logp = new double[2];
            double[] entropy = new double[2];
            double[] kl = new double[2];
            for (int i = 0; i < 2; i++) {
                double[] pp = softmax(logitsP[i]);
                double[] qq = softmax(logitsQ[i]);
                logp[i] = Math.log(pp[actions[i]]);
                for (int k = 0; k < 3; k++) {
                    entropy[i] -= pp[k] * Math.log(pp[k]);
                    kl[i] += pp[k] * Math.log(pp[k] / qq[k]);
                }
            }
            assertArrayEquals(logp, toDouble(p.logProb(oneHot)), TOL);
            assertArrayEquals(entropy, toDouble(p.entropy()), TOL);
            assertArrayEquals(kl, toDouble(p.kl(q)), TOL);
            assertArrayEquals(new double[2], toDouble(p.kl(p)), TOL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    void diagGaussian_gradientOfLogProb_survivesGcBeforeBackward(String engineName) {
        // d log pi / d mu = (a - mu) / sigma^2, d log pi / d log_sigma = z^2 - 1 (PPO, VPG and
        // TRPO backpropagate through it; see Scalars for what a GC did to it on PyTorch)
        double[] mean = {0.5, -1.0};
        double[] logStd = {-0.5, 0.3};
        double[] action = {0.1, -0.4};
        Engine engine = Engine.getEngine(engineName);
        try (NDManager m = engine.newBaseManager()) {
            NDArray mu = m.create(toFloat(mean), new Shape(1, 2));
            NDArray ls = m.create(toFloat(logStd));
            mu.setRequiresGradient(true);
            ls.setRequiresGradient(true);
            try (NDScope scope = new NDScope();
                    GradientCollector gc = engine.newGradientCollector()) {
                NDArray logp =
                        new DiagGaussian(mu, ls)
                                .logProb(m.create(toFloat(action), new Shape(1, 2)));
                FreedMemory.scribble();
                gc.backward(logp.sum());
            }
            double[] dMu = new double[2];
            double[] dLogStd = new double[2];
            for (int d = 0; d < 2; d++) {
                double var = Math.exp(2 * logStd[d]);
                double z2 = (action[d] - mean[d]) * (action[d] - mean[d]) / var;
                dMu[d] = (action[d] - mean[d]) / var;
                dLogStd[d] = z2 - 1;
            }
            assertArrayEquals(dMu, toDouble(mu.getGradient()), TOL);
            assertArrayEquals(dLogStd, toDouble(ls.getGradient()), TOL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void diagGaussian_matchesClosedForms(String engine) {
        double[][] meanP = {{0.5, -1.0}, {2.0, 0.0}};
        double[] logStdP = {-0.5, 0.3};
        double[][] meanQ = {{0.0, 1.0}, {1.5, -0.5}};
        double[] logStdQ = {0.2, -0.7};
        double[][] actions = {{0.1, -0.4}, {3.0, 1.0}};
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            DiagGaussian p =
                    new DiagGaussian(
                            m.create(flat(meanP), new Shape(2, 2)), m.create(toFloat(logStdP)));
            DiagGaussian q =
                    new DiagGaussian(
                            m.create(flat(meanQ), new Shape(2, 2)), m.create(toFloat(logStdQ)));
            double[] logp = new double[2];
            double[] entropy = new double[2];
            double[] kl = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int d = 0; d < 2; d++) {
                    double sp = Math.exp(logStdP[d]);
                    double sq = Math.exp(logStdQ[d]);
                    double z = (actions[i][d] - meanP[i][d]) / sp;
                    logp[i] += -0.5 * z * z - Math.log(sp) - 0.5 * Math.log(2 * Math.PI);
                    entropy[i] += 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(sp);
                    double dm = meanP[i][d] - meanQ[i][d];
                    kl[i] += Math.log(sq / sp) + (sp * sp + dm * dm) / (2 * sq * sq) - 0.5;
                }
            }
            assertArrayEquals(
                    logp, toDouble(p.logProb(m.create(flat(actions), new Shape(2, 2)))), TOL);
            assertArrayEquals(entropy, toDouble(p.entropy()), TOL);
            assertArrayEquals(kl, toDouble(p.kl(q)), TOL);
        }
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.exp(z[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < z.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    static float[] flat(double[][] rows) {
        int n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (double[] r : rows) {
            for (double v : r) {
                out[k++] = (float) v;
            }
        }
        return out;
    }

    static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    static double[] toDouble(NDArray a) {
        float[] f = a.toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
