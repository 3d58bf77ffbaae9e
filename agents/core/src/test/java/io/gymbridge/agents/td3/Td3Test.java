package io.gymbridge.agents.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gymbridge.agents.TinyConfigs;
import io.gymbridge.agents.buffers.ReplayBuffer;
import io.gymbridge.agents.logging.EpochLogger;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.DType;
import io.gymbridge.env.spaces.Box;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TD3: clipped double-Q target, target smoothing, delayed updates, a smoke run. */
class Td3Test {
    static final AcKwargs SMALL = new AcKwargs(List.of(16, 16), "relu");

    @TempDir Path dir;
    NDManager m;

    @BeforeEach
    void setUp() {
        m = Engine.getEngine("MXNet").newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    static Td3.Config tiny() {
        return TinyConfigs.td3(2);
    }

    @Test
    void backup_handMadeBatch_usesSmallerTargetQ() {
        NDArray r = m.create(new float[] {1f, -2f, 0.5f});
        NDArray d = m.create(new float[] {0f, 1f, 0f});
        NDArray q1 = m.create(new float[] {10f, 100f, -4f}, new Shape(3, 1));
        NDArray q2 = m.create(new float[] {5f, 200f, 1f});
        NDArray y = Td3ActorCritic.backup(r, d, q1, q2, 0.9);
        assertEquals(new Shape(3), y.getShape(), "no [N, N] broadcasting (exercise 2.2)");
        assertArrayEquals(new float[] {1f + 4.5f, -2f, 0.5f - 3.6f}, y.toFloatArray(), 1e-5f);
    }

    @Test
    void smoothedTargetAction_clipsNoiseThenAction() {
        NDArray mu = m.create(new float[] {0f, 0.9f, -0.2f, 0.1f});
        NDArray noise = m.create(new float[] {0.3f, 0.3f, -2f, 1f});
        float[] a2 = Td3ActorCritic.smoothedTargetAction(mu, noise, 0.5).toFloatArray();
        assertArrayEquals(new float[] {0.3f, 1f, -0.7f, 0.6f}, a2, 1e-6f);
    }

    @Test
    void update_policyAndTargetsOnlyEveryPolicyDelaySteps() throws Exception {
        Td3ActorCritic ac =
                new Td3ActorCritic(
                        m,
                        SpaceCodec.observation(Box.of(-1, 1, DType.FLOAT32, 3), "td3"),
                        ActionScale.of(Box.of(-1, 1, DType.FLOAT32, 1), "td3"),
                        SMALL,
                        new Rng(0));
        ReplayBuffer buf = new ReplayBuffer(3, 1, 10);
        Rng rng = new Rng(1);
        for (int i = 0; i < 10; i++) {
            float[] o = {(float) rng.nextGaussian(), 1f, i};
            buf.store(o, new float[] {0.5f}, i, o, i == 9);
        }
        Td3.Config config = tiny();
        assertEquals(2, config.policyDelay(), "Spinning Up default");
        Adam piOpt = new Adam(ac.pi.parameters(), 1e-2);
        Adam qOpt = new Adam(ac.qParameters(), 1e-2);
        try (EpochLogger logger =
                EpochLogger.create(dir, new PrintStream(OutputStream.nullOutputStream()), false)) {
            for (int j = 0; j < 4; j++) {
                float[] pi = ac.pi.parameters().get(0).getArray().toFloatArray();
                float[] piTarg = ac.piTarg.parameters().get(0).getArray().toFloatArray();
                float[] q1 = ac.q1.parameters().get(0).getArray().toFloatArray();
                boolean delayed =
                        Td3.update(ac, buf.sample(8, rng), j, config, piOpt, qOpt, rng, logger);
                assertEquals(j % 2 == 0, delayed);
                assertFalse(
                        Arrays.equals(q1, ac.q1.parameters().get(0).getArray().toFloatArray()),
                        "Q1 updated at every step");
                assertEquals(
                        delayed,
                        !Arrays.equals(pi, ac.pi.parameters().get(0).getArray().toFloatArray()),
                        "pi updated at j=" + j);
                assertEquals(
                        delayed,
                        !Arrays.equals(
                                piTarg, ac.piTarg.parameters().get(0).getArray().toFloatArray()),
                        "targets updated at j=" + j);
            }
            assertEquals(2, piOpt.steps());
            assertEquals(4, qOpt.steps());
        }
        ac.close();
    }
}
