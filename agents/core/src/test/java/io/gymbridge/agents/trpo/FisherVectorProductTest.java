package io.gymbridge.agents.trpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.buffers.GaeBuffer;
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.MlpActorCritic.Batch;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.DType;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytic Fisher-vector product against (1) the Fisher matrix built from per-sample Jacobians,
 * mean_s J_s^T M_s J_s, and (2) finite differences of the KL's gradient.
 */
class FisherVectorProductTest {
    private static final int T = 4;
    private static final int OBS = 3;

    private static TrpoActorCritic tinyNet(NDManager m, Space<?> actions, String activation) {
        return new TrpoActorCritic(
                m,
                Box.of(-1, 1, DType.FLOAT32, OBS),
                actions,
                new AcKwargs(List.of(5, 4), activation),
                new Rng(3));
    }

    private static Batch batch(TrpoActorCritic ac, NDManager m, int actSize) {
        Rng rng = new Rng(5);
        float[] obs = new float[T * OBS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        float[] act = new float[T * actSize];
        return ac.batch(
                m, new GaeBuffer.Data(obs, act, new float[T], new float[T], new float[T], T));
    }

    private static double[] gradients(List<Parameter> params) {
        int n = 0;
        for (Parameter p : params) {
            n += (int) p.getArray().size();
        }
        double[] out = new double[n];
        int k = 0;
        for (Parameter p : params) {
            try (NDArray g = p.getArray().getGradient()) {
                for (float x : g.toFloatArray()) {
                    out[k++] = x;
                }
                g.subi(g);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "MXNet, discrete, tanh",
        "PyTorch, discrete, tanh",
        "MXNet, box, relu",
        "PyTorch, box, tanh",
        "MXNet, box, elu",
        "PyTorch, discrete, sigmoid"
    })
    void fisher_matchesBruteForceFisherMatrix(String engineName, String kind, String activation) {
        boolean box = kind.equals("box");
        Engine engine = Engine.getEngine(engineName);
        try (NDManager m = engine.newBaseManager();
                TrpoActorCritic ac =
                        tinyNet(
                                m,
                                box ? Box.of(-1, 1, DType.FLOAT32, 2) : new Discrete(3),
                                activation)) {
            int outs = box ? 2 : 3;
            Batch data = batch(ac, m, box ? 2 : 1);
            List<Parameter> params = ac.piParameters();
            int n = ac.piParams().length;
            Rng rng = new Rng(9);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextGaussian();
            }

            // Brute force: J_s row by row, M_s in closed form
            float[] out = ac.piOutput(data.obs()).toFloatArray();
            float[] logStd = box ? ac.logStd().toFloatArray() : null;
            double[] fv = new double[n];
            for (int s = 0; s < T; s++) {
                double[][] jac = new double[outs][];
                for (int k = 0; k < outs; k++) {
                    float[] select = new float[T * outs];
                    select[s * outs + k] = 1;
                    try (NDScope scope = new NDScope()) {
                        NDArray sel = m.create(select, data.obs().getShape().slice(0, 1).add(outs));
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            gc.backward(ac.piOutput(data.obs()).mul(sel).sum());
                        }
                        jac[k] = gradients(params);
                        scope.suppressNotUsedWarning();
                    }
                }
                double[][] metric = new double[outs][outs];
                if (box) {
                    for (int k = 0; k < outs; k++) {
                        metric[k][k] = Math.exp(-2 * logStd[k]);
                    }
                } else {
                    double[] z = new double[outs];
                    for (int k = 0; k < outs; k++) {
                        z[k] = out[s * outs + k];
                    }
                    double[] p = softmax(z);
                    for (int a = 0; a < outs; a++) {
                        for (int b = 0; b < outs; b++) {
                            metric[a][b] = (a == b ? p[a] : 0) - p[a] * p[b];
                        }
                    }
                }
                double[] jv = new double[outs];
                for (int k = 0; k < outs; k++) {
                    for (int i = 0; i < n; i++) {
                        jv[k] += jac[k][i] * v[i];
                    }
                }
                for (int a = 0; a < outs; a++) {
                    double u = 0;
                    for (int b = 0; b < outs; b++) {
                        u += metric[a][b] * jv[b];
                    }
                    for (int i = 0; i < n; i++) {
                        fv[i] += jac[a][i] * u / T;
                    }
                }
            }
            if (box) {
                for (int i = n - 2; i < n; i++) {
                    fv[i] += 2 * v[i];
                }
            }

            double[] analytic;
            try (TrpoActorCritic.Fisher fisher = ac.fisher(data)) {
                analytic = fisher.apply(v);
            }
            double scale = norm(fv);
            for (int i = 0; i < n; i++) {
                assertEquals(fv[i], analytic[i], 1e-5 * Math.max(1, scale), "element " + i);
            }

            // Independently: F v is the Hessian of the mean KL(pi || pi_old) at theta_old, times v
            Distribution old = ac.detachedPi(data);
            double[] theta = ac.piParams();
            double eps = 1e-2;
            double[] plus = klGradient(ac, data, old, axpy(eps, v, theta), engine);
            double[] minus = klGradient(ac, data, old, axpy(-eps, v, theta), engine);
            ac.setPiParams(theta);
            for (int i = 0; i < n; i++) {
                double fd = (plus[i] - minus[i]) / (2 * eps);
                assertEquals(fv[i], fd, 0.02 * Math.max(1, scale), "finite difference " + i);
            }
        }
    }

    private static double[] klGradient(
            TrpoActorCritic ac, Batch data, Distribution old, double[] theta, Engine engine) {
        ac.setPiParams(theta);
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(ac.meanKl(data, old));
            }
            scope.suppressNotUsedWarning();
            return gradients(ac.piParameters());
        }
    }

    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = a * x[i] + y[i];
        }
        return out;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] softmax(double[] z) {
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
}
