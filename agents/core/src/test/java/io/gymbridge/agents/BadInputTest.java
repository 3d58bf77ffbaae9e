package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.testing.TestEnvs;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the algorithms reject, with messages that say what is wrong. */
class BadInputTest {
    @TempDir Path dir;

    @BeforeAll
    static void registerEnvs() {
        TestEnvs.register();
    }

    @Test
    void train_dictActionSpace_isIllegalArgumentNamingTheSpace() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TinyConfigs.train(
                                        "ppo",
                                        new RunContext(
                                                TestEnvs.DICT_ACTION,
                                                "x",
                                                dir,
                                                "MXNet",
                                                false,
                                                false)));
        assertEquals(
                "ppo cannot handle action space Dict('move': Discrete(3), 'speed': Box(0.0, 1.0,"
                        + " (1,), float32)): it needs Discrete or a 1-D Box",
                e.getMessage());
    }

    @Test
    void train_unknownEngine_namesTheChoices() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TinyConfigs.train(
                                        "vpg",
                                        new RunContext(
                                                "CartPole-v1",
                                                "x",
                                                dir,
                                                "TensorFlow",
                                                false,
                                                false)));
        assertEquals("unknown engine 'TensorFlow': choose MXNet or PyTorch", e.getMessage());
    }

    @Test
    void algorithms_unknownName_listsTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Algorithms.get("a2c"));
        assertEquals(
                "unknown algorithm 'a2c'; known: ppo, vpg, trpo, npg, ddpg, td3, sac",
                e.getMessage());
        assertEquals(
                java.util.List.of("ppo", "vpg", "trpo", "npg", "ddpg", "td3", "sac"),
                Algorithms.names());
        assertEquals(
                "npg",
                ((io.gymbridge.agents.trpo.Trpo.Config) Algorithms.get("npg").defaultConfig())
                        .algo());
        assertEquals(Ppo.ALGORITHM, Algorithms.get("ppo"));
    }

    @Test
    void config_badValue_namesTheParameter() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Hyperparameters.of(Ppo.Config.class, Map.of("steps_per_epoch", 0)));
        assertEquals("steps_per_epoch must be >= 1, got 0", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Hyperparameters.of(Trpo.Config.class, Map.of("algo", "sgd")));
        assertTrue(e.getMessage().startsWith("algo must be trpo or npg"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Hyperparameters.of(Vpg.Config.class, Map.of("gamma", 1.5)));
        assertEquals("gamma must be in [0.0, 1.0], got 1.5", e.getMessage());
    }
}
