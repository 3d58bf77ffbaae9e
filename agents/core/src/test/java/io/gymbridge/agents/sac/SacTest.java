package io.gymbridge.agents.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.TinyConfigs;
import io.gymbridge.agents.ddpg.DdpgActorCritic;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.run.ConfigBinder;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.testing.FreedMemory;
import io.gymbridge.env.DType;
import io.gymbridge.env.spaces.Box;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SAC: the squashed Gaussian's log-prob, the soft target, alpha tuning, a smoke run. */
class SacTest {
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

    static Sac.Config tiny() {
        return TinyConfigs.sac(2);
    }

    /** log N(u; mu, std) - log(1 - tanh(u)^2), summed over dimensions, in double. */
    static double closedForm(double[] u, double[] mu, double[] logStd) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            double std = Math.exp(logStd[i]);
            double z = (u[i] - mu[i]) / std;
            sum += -0.5 * z * z - logStd[i] - 0.5 * Math.log(2 * Math.PI);
            double t = Math.tanh(u[i]);
            sum -= Math.log(1 - t * t);
        }
        return sum;
    }

    @Test
    void sample_logProbOfSquashedGaussian_matchesClosedForm() {
        double[][] mu = {{0.1, -0.5}, {1.0, 0.4}};
        double[][] logStd = {{-0.5, 0.2}, {0.0, -1.5}};
        double[][] eps = {{0.4, -1.3}, {1.5, 0.0}};
        float[] out = new float[8]; // rows [mu1, mu2, logStd1, logStd2]
        float[] epsf = new float[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                out[4 * i + j] = (float) mu[i][j];
                out[4 * i + 2 + j] = (float) logStd[i][j];
                epsf[2 * i + j] = (float) eps[i][j];
            }
        }
        SacActorCritic.Sample smp = SacActorCritic.sample(m.create(out, new Shape(2, 4)), epsf, 2);
        float[] got = smp.logp().toFloatArray();
        float[] action = smp.action().toFloatArray();
        assertEquals(2, got.length);
        for (int i = 0; i < 2; i++) {
            double[] u = new double[2];
            for (int j = 0; j < 2; j++) {
                u[j] = mu[i][j] + Math.exp(logStd[i][j]) * eps[i][j];
                assertEquals(Math.tanh(u[j]), action[2 * i + j], 1e-6);
            }
            assertEquals(closedForm(u, mu[i], logStd[i]), got[i], 1e-4);
        }
    }

    @Test
    void sample_gradientOfLogProb_isTheReparameterisedOne() {
        // d logp / d mu = 2 tanh(u); d logp / d log_std = -1 + 2 tanh(u) std eps (the Gaussian
        // density's own gradient cancels: (u - mu) / std is eps whatever mu and std are)
        float[] out = {0.3f, -0.7f};
        float[] eps = {0.9f};
        NDArray piOut = m.create(out, new Shape(1, 2));
        piOut.setRequiresGradient(true);
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            gc.backward(SacActorCritic.sample(piOut, eps, 1).logp().sum());
        }
        float[] grad = piOut.getGradient().toFloatArray();
        double std = Math.exp(-0.7);
        double u = 0.3 + std * 0.9;
        assertEquals(2 * Math.tanh(u), grad[0], 1e-5);
        assertEquals(-1 + 2 * Math.tanh(u) * std * 0.9, grad[1], 1e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    void lossPi_gcBeforeBackward_sameGradientAsWithout(String engineName) {
        // On PyTorch, a GC here once made backward read freed memory (see Scalars): seeded SAC
        // runs differed from run to run
        Engine engine = Engine.getEngine(engineName);
        float[] obs = {0.1f, -0.2f, 0.7f, 0.3f, -0.9f, 0.5f};
        float[] eps = {0.4f, -1.3f, 0.8f};
        List<float[]> grads = new ArrayList<>();
        for (boolean gc : new boolean[] {false, true}) {
            try (NDManager mm = engine.newBaseManager();
                    NDScope scope = new NDScope()) {
                SacActorCritic ac =
                        new SacActorCritic(
                                mm,
                                SpaceCodec.observation(Box.of(-1, 1, DType.FLOAT32, 2), "sac"),
                                ActionScale.of(Box.of(-1, 1, DType.FLOAT32, 1), "sac"),
                                SMALL,
                                new Rng(0));
                try (GradientCollector collector = engine.newGradientCollector()) {
                    SacActorCritic.LossPi loss =
                            ac.lossPi(mm.create(obs, new Shape(3, 2)), eps, 0.2);
                    if (gc) {
                        FreedMemory.scribble();
                    }
                    collector.backward(loss.loss());
                }
                for (Parameter p : ac.pi.parameters()) {
                    grads.add(p.getArray().getGradient().toFloatArray());
                }
            }
        }
        int perRun = grads.size() / 2;
        for (int i = 0; i < perRun; i++) {
            assertArrayEquals(
                    grads.get(i), grads.get(perRun + i), "policy parameter " + i + ", GC or not");
        }
    }

    @Test
    void sample_clampsLogStdToMinus20And2() {
        // outputs [mu, log_std] for d = 1; log_std 5 acts as 2, -30 as -20
        NDArray out = m.create(new float[] {0f, 5f, 0f, -30f}, new Shape(2, 2));
        SacActorCritic.Sample smp = SacActorCritic.sample(out, new float[] {1f, 1f}, 1);
        float[] a = smp.action().toFloatArray();
        assertEquals(Math.tanh(Math.exp(2)), a[0], 1e-5);
        assertEquals(Math.tanh(Math.exp(-20)), a[1], 1e-7);
        float[] lp = smp.logp().toFloatArray();
        assertEquals(
                closedForm(new double[] {Math.exp(2)}, new double[] {0}, new double[] {2}),
                lp[0],
                1e-3);
    }

    @Test
    void backup_handMadeBatch_softTargetWithSmallerQ() {
        SacActorCritic ac =
                new SacActorCritic(
                        m,
                        SpaceCodec.observation(Box.of(-1, 1, DType.FLOAT32, 2), "sac"),
                        ActionScale.of(Box.of(-1, 1, DType.FLOAT32, 1), "sac"),
                        SMALL,
                        new Rng(0));
        NDArray o2 = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.4f}, new Shape(2, 2));
        NDArray a2 = m.create(new float[] {0.5f, -0.5f}, new Shape(2, 1));
        NDArray logp = m.create(new float[] {-1f, 0.5f});
        NDArray r = m.create(new float[] {1f, 2f});
        NDArray d = m.create(new float[] {0f, 1f});
        float[] q1 = DdpgActorCritic.qValue(ac.q1Targ, o2, a2).toFloatArray();
        float[] q2 = DdpgActorCritic.qValue(ac.q2Targ, o2, a2).toFloatArray();
        NDArray y = ac.backup(r, d, o2, new SacActorCritic.Sample(a2, logp), 0.2, 0.9);
        assertEquals(new Shape(2), y.getShape(), "no [N, N] broadcasting (exercise 2.2)");
        float expected0 = 1f + 0.9f * (Math.min(q1[0], q2[0]) - 0.2f * -1f);
        assertArrayEquals(new float[] {expected0, 2f}, y.toFloatArray(), 1e-5f);
        ac.close();
    }

    @Test
    void temperature_growsAlphaWhileEntropyBelowTarget() {
        SacActorCritic.Temperature alpha = new SacActorCritic.Temperature(0.2, 1e-2, -1);
        // log pi = 3 means entropy about -3, below the target -1: alpha must grow
        for (int i = 0; i < 10; i++) {
            alpha.step(new float[] {3f, 3f});
        }
        assertTrue(alpha.value() > 0.2, "alpha " + alpha.value());
    }

    @Test
    void bind_snakeCaseFlagsAndNestedAcKwargs() {
        Sac.Config c =
                ConfigBinder.bind(
                        Sac.ALGORITHM,
                        Map.of(
                                "steps_per_epoch",
                                200,
                                "auto_alpha",
                                true,
                                "replay_size",
                                5000,
                                "ac_kwargs",
                                Map.of("hidden_sizes", List.of(8, 8))));
        assertEquals(200, c.stepsPerEpoch());
        assertTrue(c.autoAlpha());
        assertEquals(5000, c.replaySize());
        assertEquals(List.of(8, 8), c.acKwargs().hiddenSizes());
        Sac.Config d = Sac.ALGORITHM.defaultConfig();
        assertEquals(List.of(256, 256), d.acKwargs().hiddenSizes());
        assertEquals(0.2, d.alpha());
        assertEquals(1e-3, d.lr());
        assertEquals(10000, d.startSteps());
        assertEquals(0.995, d.polyak());
    }
}
