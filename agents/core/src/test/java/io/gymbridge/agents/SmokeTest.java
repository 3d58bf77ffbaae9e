package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each algorithm for two tiny epochs, on discrete and Box actions, on both engines. */
class SmokeTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "ppo, CartPole-v1, MXNet",
        "ppo, CartPole-v1, PyTorch",
        "ppo, Pendulum-v1, MXNet",
        "ppo, Pendulum-v1, PyTorch",
        "vpg, CartPole-v1, MXNet",
        "vpg, CartPole-v1, PyTorch",
        "vpg, Pendulum-v1, MXNet",
        "vpg, Pendulum-v1, PyTorch",
        "trpo, CartPole-v1, MXNet",
        "trpo, CartPole-v1, PyTorch",
        "trpo, Pendulum-v1, MXNet",
        "trpo, Pendulum-v1, PyTorch",
        "npg, CartPole-v1, MXNet",
        "npg, Pendulum-v1, PyTorch",
    })
    void train_twoTinyEpochs_logsTwoRowsAndCheckpoints(String algo, String env, String engine)
            throws Exception {
        Path out = dir.resolve(algo + "-" + env + "-" + engine);
        TinyConfigs.train(algo, new RunContext(env, "smoke", out, engine, false, false));

        List<String> lines = Files.readAllLines(out.resolve("progress.txt"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("Epoch\tAverageEpRet\tStdEpRet"), lines.get(0));
        assertTrue(lines.get(2).startsWith("1\t"), lines.get(2));
        for (String row : lines.subList(1, 3)) {
            for (String cell : row.split("\t")) {
                assertTrue(Double.isFinite(Double.parseDouble(cell)), cell + " in " + row);
            }
        }
        assertTrue(Files.exists(out.resolve("config.json")));
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-0/model.params")));
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-1/policy.json")));
    }
}
