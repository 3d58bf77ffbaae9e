package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training over a loopback gRPC server gives what training in-process gives. */
class RemoteTrainingTest {
    @TempDir Path dir;

    @Test
    void train_overLoopbackServer_matchesInProcessRun() throws Exception {
        Ppo.Config config = Hyperparameters.with(TinyConfigs.ppo(), Map.of("num_envs", 4));
        Path remote = dir.resolve("remote");
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            Ppo.train(
                    config,
                    new RunContext(
                            "grpc://127.0.0.1:" + server.port() + "/CartPole-v1",
                            "remote",
                            remote,
                            "PyTorch",
                            false,
                            false));
        }
        Path local = dir.resolve("local");
        Ppo.train(config, new RunContext("CartPole-v1", "local", local, "PyTorch", false, false));
        List<String> a = Files.readAllLines(remote.resolve("progress.txt"));
        List<String> b = Files.readAllLines(local.resolve("progress.txt"));
        assertEquals(3, a.size());
        for (int row = 1; row < 3; row++) {
            assertEquals(
                    ResumeTest.withoutTimes(b.get(0), b.get(row)),
                    ResumeTest.withoutTimes(a.get(0), a.get(row)),
                    "the same seeds give the same episodes wherever the env runs");
        }
    }
}
