package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.checkpoints.Checkpoints;
import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.env.EnvException;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that dies mid-run stops the run with a clear error and leaves its checkpoints intact.
 */
class ServerDiesTest {
    @TempDir Path dir;

    @Test
    void train_serverStopsMidRun_failsWithUnavailableAndLastCheckpointLoads() throws Exception {
        Ppo.Config config =
                Hyperparameters.with(TinyConfigs.ppo(), Map.of("epochs", 1000, "save_freq", 1));
        GymServer server = GymServer.start(ServerOptions.defaults().withPort(0));
        RunContext run =
                new RunContext(
                        "grpc://127.0.0.1:" + server.port() + "/CartPole-v1",
                        "dies",
                        dir,
                        "MXNet",
                        false,
                        false);
        AtomicBoolean trained = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> killer =
                CompletableFuture.runAsync(
                        () -> {
                            while (Checkpoints.latest(dir).orElse(-1) < 1 && !trained.get()) {
                                Thread.onSpinWait();
                            }
                            if (!trained.get()) {
                                server.close();
                                killed.set(true);
                            }
                        });
        EnvException e;
        try {
            e = assertThrows(EnvException.class, () -> Ppo.train(config, run));
        } finally {
            trained.set(true);
            killer.get(60, TimeUnit.SECONDS);
            server.close();
        }
        assertTrue(killed.get(), "the run failed before the server was stopped: " + e);
        assertTrue(
                e.code() == EnvException.Code.UNAVAILABLE
                        || e.code() == EnvException.Code.NOT_FOUND,
                e.toString());
        assertFalse(e.getMessage().isBlank());
        int last = Checkpoints.latest(dir).orElseThrow();
        assertTrue(last >= 1, "checkpoints of the epochs before the failure remain");
        assertTrue(Files.exists(dir.resolve("progress.txt")));
        LoadedPolicy loaded = SavedPolicies.load(dir, OptionalInt.empty());
        assertEquals(last, loaded.epoch());
        loaded.policy().close();
    }
}
