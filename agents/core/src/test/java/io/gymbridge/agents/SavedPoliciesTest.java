package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies test-policy loads from checkpoints. */
class SavedPoliciesTest {
    @TempDir Path dir;

    @Test
    void load_latestAndGivenEpoch_actInTheEnv() {
        TinyConfigs.train("ppo", new RunContext("CartPole-v1", "p", dir, "MXNet", false, false));
        LoadedPolicy latest = SavedPolicies.load(dir, OptionalInt.empty());
        assertEquals(1, latest.epoch());
        assertEquals("CartPole-v1", latest.env());
        LoadedPolicy first = SavedPolicies.load(dir, OptionalInt.of(0));
        assertEquals(0, first.epoch());
        LoadedPolicy direct =
                SavedPolicies.load(dir.resolve("checkpoints/epoch-1"), OptionalInt.empty());
        assertEquals(1, direct.epoch());
        try (Policy policy = latest.policy();
                Env<Tensor, Integer> env = Envs.make(latest.env())) {
            Tensor obs = env.reset(1).observation();
            Step<Tensor> s;
            int steps = 0;
            do {
                Object action = policy.act(obs, steps % 2 == 0);
                assertTrue(action instanceof Integer, String.valueOf(action));
                s = env.step((Integer) action);
                obs = s.observation();
                steps++;
            } while (!s.done());
            assertTrue(steps > 0);
        }
    }

    @Test
    void load_boxPolicy_givesTensorsOfTheBoxShape() {
        TinyConfigs.train("trpo", new RunContext("Pendulum-v1", "p", dir, "PyTorch", false, false));
        try (Policy policy = SavedPolicies.load(dir, OptionalInt.empty()).policy()) {
            Object a = policy.act(Tensor.of(1f, 0f, 0.5f), true);
            assertEquals("float32[1]", ((Tensor) a).describe());
            assertEquals(a, policy.act(Tensor.of(1f, 0f, 0.5f), true), "deterministic: the mean");
        }
    }

    @Test
    void train_freshRunInUsedDirectory_replacesTheOldCheckpoints() {
        TinyConfigs.train("ppo", new RunContext("CartPole-v1", "p", dir, "MXNet", false, false));
        TinyConfigs.train("trpo", new RunContext("Pendulum-v1", "p", dir, "MXNet", false, false));
        assertEquals("Pendulum-v1", SavedPolicies.load(dir, OptionalInt.of(0)).env());
    }

    @Test
    void load_missingEpochOrRun_namesWhatThereIs() {
        IllegalArgumentException none =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SavedPolicies.load(dir, OptionalInt.empty()));
        assertTrue(none.getMessage().contains("no checkpoints"), none.getMessage());
        TinyConfigs.train("vpg", new RunContext("CartPole-v1", "p", dir, "MXNet", false, false));
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SavedPolicies.load(dir, OptionalInt.of(7)));
        assertTrue(missing.getMessage().contains("there are [0, 1]"), missing.getMessage());
    }
}
