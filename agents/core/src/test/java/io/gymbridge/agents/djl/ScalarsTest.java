package io.gymbridge.agents.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.testing.FreedMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Constants under the gradient tape survive a garbage collection before the backward pass. */
class ScalarsTest {
    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    void mulAndDiv_gcBeforeBackward_gradientIsTheConstant(String engineName) {
        Engine engine = Engine.getEngine(engineName);
        try (NDManager m = engine.newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 2f});
            x.setRequiresGradient(true);
            for (int trial = 0; trial < 3; trial++) {
                try (NDScope scope = new NDScope();
                        GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = Scalars.mul(x, 3).sum().add(Scalars.div(x, 4).sum());
                    // With x.mul(3f) in place of Scalars.mul, PyTorch's gradient here is 99.25.
                    FreedMemory.scribble();
                    gc.backward(y);
                    assertArrayEquals(
                            new float[] {3.25f, 3.25f},
                            x.getGradient().toFloatArray(),
                            "d/dx (3 x + x / 4), trial " + trial);
                    x.getGradient().subi(x.getGradient()); // PyTorch accumulates gradients
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    void djlClip_gcBeforeBackward_gradientIsOneInsideTheBounds(String engineName) {
        Engine engine = Engine.getEngine(engineName);
        try (NDManager m = engine.newBaseManager()) {
            NDArray x = m.create(new float[] {-3f, 0.5f, 1.5f, 7f});
            x.setRequiresGradient(true);
            try (NDScope scope = new NDScope();
                    GradientCollector gc = engine.newGradientCollector()) {
                // safe as it is: DJL-PyTorch keeps the bounds' tensors until the manager closes
                NDArray clipped = x.clip(0, 2);
                assertArrayEquals(new float[] {0f, 0.5f, 1.5f, 2f}, clipped.toFloatArray());
                FreedMemory.scribble();
                gc.backward(clipped.sum());
                assertArrayEquals(new float[] {0f, 1f, 1f, 0f}, x.getGradient().toFloatArray());
            }
        }
    }
}
