package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.testing.TestEnvs;
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
