package io.gymbridge.agents.ddpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gymbridge.agents.TinyConfigs;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.Mlp;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.seeding.Rng;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DDPG: the Bellman target, polyak averaging, action scaling, a smoke run, Discrete rejected. */
class DdpgTest {
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

    static Ddpg.Config tiny() {
        return TinyConfigs.ddpg(2);
    }

    @Test
    void backup_handMadeBatch_matchesHandComputed() {
        NDArray r = m.create(new float[] {1f, -2f, 0.5f});
        NDArray d = m.create(new float[] {0f, 1f, 0f});
        NDArray q = m.create(new float[] {10f, 100f, -4f});
        float[] y = DdpgActorCritic.backup(r, d, q, 0.9).toFloatArray();
        assertArrayEquals(new float[] {1f + 9f, -2f, 0.5f - 3.6f}, y, 1e-5f);
    }

    @Test
    void backup_qOfShapeNx1_givesVectorNotNxNMatrix() {
        // Spinning Up exercise 2.2: Q of shape [N, 1] against rewards [N] broadcasts to [N, N]
        NDArray r = m.create(new float[] {1f, 2f, 3f, 4f});
        NDArray d = m.zeros(new Shape(4));
        NDArray q = m.create(new float[] {1f, 1f, 2f, 2f}, new Shape(4, 1));
        NDArray y = DdpgActorCritic.backup(r, d, q, 0.5);
        assertEquals(new Shape(4), y.getShape());
        assertArrayEquals(new float[] {1.5f, 2.5f, 4f, 5f}, y.toFloatArray(), 1e-6f);
    }

    @Test
    void qValue_ofBatch_isVectorOfN() {
        Mlp q = new Mlp(m, 3 + 1, 1, SMALL, new Rng(1), true);
        NDArray v = DdpgActorCritic.qValue(q, m.ones(new Shape(5, 3)), m.ones(new Shape(5, 1)));
        assertEquals(new Shape(5), v.getShape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void polyakTowards_movesTargetTowardsMainAndLeavesMain(String engine) {
        NDManager em = Engine.getEngine(engine).newBaseManager();
        Mlp main = new Mlp(em, 2, 1, SMALL, new Rng(1), true);
        Mlp targ = new Mlp(em, 2, 1, SMALL, new Rng(2), false);
        float[] before = targ.parameters().get(0).getArray().toFloatArray();
        float[] mainW = main.parameters().get(0).getArray().toFloatArray();
        targ.polyakTowards(main, 0.9);
        float[] after = targ.parameters().get(0).getArray().toFloatArray();
        assertArrayEquals(mainW, main.parameters().get(0).getArray().toFloatArray(), "main kept");
        for (int i = 0; i < after.length; i++) {
            assertEquals(0.9f * before[i] + 0.1f * mainW[i], after[i], 1e-6f);
        }
        targ.copyFrom(main);
        assertArrayEquals(mainW, targ.parameters().get(0).getArray().toFloatArray());
        em.close();
    }

    @Test
    void actionScale_mapsUnitIntervalOntoBounds() {
        ActionScale s =
                ActionScale.of(
                        io.gymbridge.env.spaces.Box.of(
                                new double[] {-2, 0},
                                new double[] {2, 1},
                                io.gymbridge.env.DType.FLOAT32),
                        "ddpg");
        float[] out = new float[2];
        s.toEnv(new float[] {-1f, 1f}, out);
        assertArrayEquals(new float[] {-2f, 1f}, out);
        s.toEnv(new float[] {0.5f, 0f}, out);
        assertArrayEquals(new float[] {1f, 0.5f}, out);
    }
}
