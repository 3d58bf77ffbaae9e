package io.gymbridge.agents.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.DType;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.Space;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-Java acting path against DJL's forward pass. */
class FastMlpTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "MXNet, tanh, discrete",
        "PyTorch, tanh, discrete",
        "MXNet, relu, box",
        "PyTorch, elu, box",
        "MXNet, sigmoid, discrete",
        "PyTorch, softplus, box"
    })
    void step_matchesDjlForwardAndLogProb(String engine, String activation, String actions) {
        Space<?> act = actions.equals("box") ? Box.of(-2, 2, DType.FLOAT32, 2) : new Discrete(3);
        try (NDManager m = Engine.getEngine(engine).newBaseManager();
                MlpActorCritic ac =
                        new MlpActorCritic(
                                m,
                                Box.of(-5, 5, DType.FLOAT32, 4),
                                act,
                                new AcKwargs(List.of(32, 16), activation),
                                "test",
                                new Rng(7))) {
            int n = 5;
            Rng rng = new Rng(3);
            float[] obs = new float[n * 4];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) (2 * rng.nextGaussian());
            }
            NDArray x = m.create(obs, new Shape(n, 4));
            float[] djlV = ac.v(x).toFloatArray();
            MlpActorCritic.StepOut out = new MlpActorCritic.StepOut();
            ac.step(obs, n, new Rng(11), out);
            for (int i = 0; i < n; i++) {
                assertEquals(djlV[i], out.v[i], 1e-5, "V of row " + i);
                assertEquals(djlV[i], ac.value(obs, i * 4), 1e-5);
            }
            // log pi(a|s) of the sampled actions, recomputed by DJL
            NDArray encoded;
            if (actions.equals("box")) {
                encoded = m.create(java.util.Arrays.copyOf(out.act, n * 2), new Shape(n, 2));
            } else {
                float[] oneHot = new float[n * 3];
                for (int i = 0; i < n; i++) {
                    oneHot[i * 3 + (int) out.act[i]] = 1;
                }
                encoded = m.create(oneHot, new Shape(n, 3));
            }
            float[] djlLogp = ac.pi(x).logProb(encoded).toFloatArray();
            assertArrayEquals(djlLogp, java.util.Arrays.copyOf(out.logp, n), 1e-5f);
            // the exported policy's network is the same
            FastPolicy policy = ac.fastPolicy(new Rng(0));
            float[] piOut = new float[n * ac.actCodec().outputSize()];
            policy.network().forward(obs, 0, n, piOut, 0);
            assertArrayEquals(ac.piOutput(x).toFloatArray(), piOut, 1e-5f);
        }
    }
}
