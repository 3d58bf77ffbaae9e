package io.gymbridge.agents.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Twin MLPs compute what two separate MLPs compute, gradients included, on both engines. */
class TwinMlpTest {
    static final AcKwargs SMALL = new AcKwargs(List.of(8, 6), "relu");

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void forwardAndGradients_equalTwoMlpsDrawnFromTheSameRng(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            TwinMlp twin = new TwinMlp(m, 5, 1, SMALL, new Rng(42), true);
            Rng rng = new Rng(42);
            Mlp first = new Mlp(m, 5, 1, SMALL, rng, true);
            Mlp second = new Mlp(m, 5, 1, SMALL, rng, true);
            float[] xs = new float[4 * 5];
            Rng data = new Rng(1);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) data.nextGaussian();
            }
            NDArray x = m.create(xs, new Shape(4, 5));
            float[] both;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray out = twin.forward(x);
                assertEquals(new Shape(2, 4, 1), out.getShape());
                both = out.toFloatArray();
                gc.backward(out.sum());
            }
            float[] a;
            float[] b;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray oa = first.forward(x);
                NDArray ob = second.forward(x);
                a = oa.toFloatArray();
                b = ob.toFloatArray();
                gc.backward(oa.sum().add(ob.sum()));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(a[i], both[i], 1e-5f, "Q1 row " + i);
                assertEquals(b[i], both[4 + i], 1e-5f, "Q2 row " + i);
            }
            // the last layer's bias gradient: the batch size, for each network
            float[] biasGrad = twin.parameters().get(5).getArray().getGradient().toFloatArray();
            assertArrayEquals(new float[] {4f, 4f}, biasGrad, 1e-5f);
            // the first layer's weights: [in, out] per network, transposed from Linear's [out, in]
            float[] w = twin.parameters().get(0).getArray().getGradient().toFloatArray();
            float[] wa = first.parameters().get(0).getArray().getGradient().toFloatArray();
            float[] wb = second.parameters().get(0).getArray().getGradient().toFloatArray();
            for (int in = 0; in < 5; in++) {
                for (int out = 0; out < 8; out++) {
                    assertEquals(wa[out * 5 + in], w[in * 8 + out], 1e-5f);
                    assertEquals(wb[out * 5 + in], w[40 + in * 8 + out], 1e-5f);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void saveAndLoad_roundTrip_andPolyakMovesEveryParameter(String engine) throws Exception {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            TwinMlp main = new TwinMlp(m, 3, 1, SMALL, new Rng(1), true);
            TwinMlp targ = new TwinMlp(m, 3, 1, SMALL, new Rng(2), false);
            main.save(dir.resolve("q.params"));
            targ.load(dir.resolve("q.params"));
            for (int i = 0; i < main.parameters().size(); i++) {
                assertArrayEquals(
                        main.parameters().get(i).getArray().toFloatArray(),
                        targ.parameters().get(i).getArray().toFloatArray());
            }
            TwinMlp other = new TwinMlp(m, 3, 1, SMALL, new Rng(3), false);
            float[] before = other.parameters().get(2).getArray().toFloatArray();
            float[] mainW = main.parameters().get(2).getArray().toFloatArray();
            other.polyakTowards(main, 0.75);
            float[] after = other.parameters().get(2).getArray().toFloatArray();
            for (int i = 0; i < after.length; i++) {
                assertEquals(0.75f * before[i] + 0.25f * mainW[i], after[i], 1e-6f);
            }
            TwinMlp wider = new TwinMlp(m, 4, 1, SMALL, new Rng(1), false);
            assertThrows(IllegalArgumentException.class, () -> wider.load(dir.resolve("q.params")));
        }
    }
}
