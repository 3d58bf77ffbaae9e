package io.gymbridge.agents.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adam against torch.optim.Adam's rule computed by hand, and its state across save and load. */
class AdamTest {
    @TempDir Path dir;

    /** loss = sum(c * w^2): gradient 2 c w. */
    private static void backward(Engine engine, NDArray w, float[] c) {
        try (GradientCollector gc = engine.newGradientCollector();
                NDArray cs = w.getManager().create(c)) {
            gc.backward(w.square().mul(cs).sum());
        }
    }

    private static Parameter param(NDManager m, float[] init) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.OTHER).build();
        NDArray a = m.create(init);
        a.setRequiresGradient(true);
        p.setArray(a);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void step_threeSteps_matchTorchRule(String engineName) {
        Engine engine = Engine.getEngine(engineName);
        float[] init = {1.0f, -2.0f, 0.5f};
        float[] c = {1f, 0.5f, 3f};
        double lr = 0.1;
        try (NDManager m = engine.newBaseManager()) {
            Parameter p = param(m, init);
            Adam adam = new Adam(List.of(p), lr);
            double[] w = {1.0, -2.0, 0.5};
            double[] mm = new double[3];
            double[] vv = new double[3];
            for (int t = 1; t <= 3; t++) {
                backward(engine, p.getArray(), c);
                adam.step();
                for (int i = 0; i < 3; i++) {
                    double g = 2 * c[i] * w[i];
                    mm[i] = 0.9 * mm[i] + 0.1 * g;
                    vv[i] = 0.999 * vv[i] + 0.001 * g * g;
                    double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                    w[i] -= lr / (1 - Math.pow(0.9, t)) * mm[i] / denom;
                }
                float[] got = p.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(w[i], got[i], 1e-5, "step " + t + " element " + i);
                }
            }
            assertEquals(3, adam.steps());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void load_restoresStateSoStepsContinueIdentically(String engineName) throws Exception {
        Engine engine = Engine.getEngine(engineName);
        float[] c = {1f, 2f};
        try (NDManager m = engine.newBaseManager()) {
            Parameter a = param(m, new float[] {1f, -1f});
            Adam adamA = new Adam(List.of(a), 0.05);
            for (int t = 0; t < 2; t++) {
                backward(engine, a.getArray(), c);
                adamA.step();
            }
            adamA.save(dir.resolve("adam.bin"));
            Parameter b = param(m, a.getArray().toFloatArray());
            Adam adamB = new Adam(List.of(b), 0.05);
            adamB.load(dir.resolve("adam.bin"));
            assertEquals(2, adamB.steps());
            backward(engine, a.getArray(), c);
            adamA.step();
            backward(engine, b.getArray(), c);
            adamB.step();
            assertArrayEquals(a.getArray().toFloatArray(), b.getArray().toFloatArray(), 0f);
        }
    }
}
