package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.testing.TestEnvs;
import io.gymbridge.env.EnvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose env dies in its third epoch stops with a clear EnvException and intact checkpoints;
 * --resume continues at the third epoch, appends to progress.txt, and reproduces the numbers of a
 * run that was never interrupted; a run with no checkpoint cannot resume.
 */
class ResumeTest {
    @TempDir Path dir;

    @BeforeAll
    static void registerEnvs() {
        TestEnvs.register();
    }

    @AfterEach
    void heal() {
        TestEnvs.FLAKY_BUDGET.set(Long.MAX_VALUE);
    }

    private static Ppo.Config fourEpochs() {
        return Hyperparameters.with(TinyConfigs.ppo(), Map.of("epochs", 4, "save_freq", 1));
    }

    @Test
    void resume_afterEnvDiedInThirdEpoch_continuesAtThirdEpochReproducibly() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        // two epochs of 200 steps, then the env fails 50 steps into the third
        TestEnvs.FLAKY_BUDGET.set(450);
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () ->
                                Ppo.train(
                                        fourEpochs(),
                                        new RunContext(
                                                TestEnvs.FLAKY,
                                                "r",
                                                interrupted,
                                                "MXNet",
                                                false,
                                                false)));
        assertEquals(EnvException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("ppo stopped in epoch 2"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch-1"), e.getMessage());
        assertTrue(Files.exists(interrupted.resolve("checkpoints/epoch-1/state.json")));
        assertEquals(3, Files.readAllLines(interrupted.resolve("progress.txt")).size());

        TestEnvs.FLAKY_BUDGET.set(Long.MAX_VALUE);
        Ppo.train(
                fourEpochs(),
                new RunContext(TestEnvs.FLAKY, "r", interrupted, "MXNet", true, false));
        List<String> resumed = Files.readAllLines(interrupted.resolve("progress.txt"));
        assertEquals(5, resumed.size(), String.join("\n", resumed));
        for (int epoch = 0; epoch < 4; epoch++) {
            assertTrue(resumed.get(epoch + 1).startsWith(epoch + "\t"), resumed.get(epoch + 1));
        }
        assertTrue(resumed.get(4).contains("\t800\t"), "TotalEnvInteracts continues");

        // Resuming the same checkpoint again gives the same rows: resumed runs are reproducible
        // (not equal to the uninterrupted run: the envs restart their episodes).
        Path again = dir.resolve("again");
        copyTree(interrupted, again, 1);
        Ppo.train(fourEpochs(), new RunContext(TestEnvs.FLAKY, "r", again, "MXNet", true, false));
        List<String> twice = Files.readAllLines(again.resolve("progress.txt"));
        for (int row = 1; row <= 4; row++) {
            assertEquals(
                    withoutTimes(resumed.get(0), resumed.get(row)),
                    withoutTimes(twice.get(0), twice.get(row)),
                    "row " + row);
        }
    }

    /** Copies a run directory as it was after the checkpoint of {@code epoch}. */
    private static void copyTree(Path from, Path to, int epoch) throws Exception {
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
        for (int e = epoch + 1; ; e++) {
            Path later = to.resolve("checkpoints/epoch-" + e);
            if (!Files.exists(later)) {
                break;
            }
            try (var paths = Files.walk(later)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void resume_withoutCheckpoint_isIllegalArgument() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TinyConfigs.train(
                                        "ppo",
                                        new RunContext(
                                                "CartPole-v1", "r", dir, "MXNet", true, false)));
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
    }

    /** A progress row without its Time and StepsPerSecond cells (they vary run to run). */
    static List<String> withoutTimes(String header, String row) {
        List<String> keys = Arrays.asList(header.split("\t"));
        String[] cells = row.split("\t");
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            if (!keys.get(i).equals("Time") && !keys.get(i).equals("StepsPerSecond")) {
                out.add(keys.get(i) + "=" + cells[i]);
            }
        }
        return out;
    }
}
