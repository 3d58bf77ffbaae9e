package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.testing.TestEnvs;
import io.gymbridge.env.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DDPG, TD3 and SAC as a user runs them: over a loopback server, resumed after their env died, and
 * their saved policies loaded by test-policy.
 */
class OffPolicyTest {
    @TempDir Path dir;

    @BeforeAll
    static void registerEnvs() {
        TestEnvs.register();
    }

    @AfterEach
    void heal() {
        TestEnvs.FLAKY_BUDGET.set(Long.MAX_VALUE);
    }

    @org.junit.jupiter.api.Test
    void train_lossGoesNonFinite_stopsNamingTheLossAndTheIntactCheckpoint() {
        // a learning rate of 1e35 overflows the critic's weights within a few updates
        io.gymbridge.agents.ddpg.Ddpg.Config exploding =
                Hyperparameters.with(
                        TinyConfigs.ddpg(3),
                        Map.of(
                                "update_after",
                                300,
                                "q_lr",
                                1e35,
                                "pi_lr",
                                1e35,
                                "ac_kwargs",
                                Map.of("hidden_sizes", List.of(16))));
        Diverged e =
                assertThrows(
                        Diverged.class,
                        () ->
                                io.gymbridge.agents.ddpg.Ddpg.train(
                                        exploding,
                                        new RunContext(
                                                "Pendulum-v1", "x", dir, "MXNet", false, false)));
        assertTrue(e.getMessage().startsWith("ddpg diverged in epoch 1 (Loss"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch-0, is intact"), e.getMessage());
    }

    private static RunContext flaky(Path out, boolean resume) {
        return new RunContext(TestEnvs.FLAKY_PENDULUM, "r", out, "MXNet", resume, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddpg", "td3", "sac"})
    void savedPolicy_actsInsideTheBoxBounds(String algo) {
        TinyConfigs.train(algo, new RunContext("Pendulum-v1", "p", dir, "MXNet", false, false));
        LoadedPolicy loaded = SavedPolicies.load(dir, OptionalInt.empty());
        assertEquals(1, loaded.epoch());
        assertEquals("Pendulum-v1", loaded.env());
        try (Policy policy = loaded.policy()) {
            Tensor obs = Tensor.of(1f, 0f, 0.5f);
            Tensor det = (Tensor) policy.act(obs, true);
            assertEquals("float32[1]", det.describe());
            assertEquals(det, policy.act(obs, true), "deterministic: the same action");
            float[] seen = new float[20];
            for (int i = 0; i < seen.length; i++) {
                seen[i] = ((Tensor) policy.act(obs, false)).toFloatArray()[0];
                assertTrue(
                        seen[i] >= -2f && seen[i] <= 2f, "inside Pendulum's [-2, 2]: " + seen[i]);
            }
            if (algo.equals("sac")) {
                assertNotEquals(seen[0], seen[1], "SAC's stochastic actions are samples");
            } else {
                assertEquals(det.toFloatArray()[0], seen[0], "DDPG and TD3 act deterministically");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
