package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seeded runs give the same numbers twice on one machine and engine. */
class ReproducibilityTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "ppo, CartPole-v1, MXNet",
        "trpo, Pendulum-v1, PyTorch",
        "vpg, CartPole-v1, PyTorch"
    })
    void train_sameSeedTwice_sameProgressNumbers(String algo, String env, String engine)
            throws Exception {
        List<String> a = run(algo, env, engine, "a");
        List<String> b = run(algo, env, engine, "b");
        assertEquals(a.size(), b.size());
        for (int row = 1; row < a.size(); row++) {
            assertEquals(
                    ResumeTest.withoutTimes(a.get(0), a.get(row)),
                    ResumeTest.withoutTimes(b.get(0), b.get(row)));
        }
        // and the numbers are not trivially constant: the two epochs differ
        assertNotEquals(
                ResumeTest.withoutTimes(a.get(0), a.get(1)),
                ResumeTest.withoutTimes(a.get(0), a.get(2)));
    }

    private List<String> run(String algo, String env, String engine, String name) throws Exception {
        Path out = dir.resolve(name);
        TinyConfigs.train(algo, new RunContext(env, "repro", out, engine, false, false));
        return Files.readAllLines(out.resolve("progress.txt"));
    }
}
