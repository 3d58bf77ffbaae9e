package io.gymbridge.examples.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomAgentTest {
    @Test
    void run_remoteUrl_sameEpisodesAsInProcess() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
            List<RandomAgent.Episode> remote = RandomAgent.run(url, 3, 7);
            List<RandomAgent.Episode> local = RandomAgent.run("CartPole-v1", 3, 7);
            assertEquals(3, remote.size());
            assertEquals(local, remote);
            assertTrue(
                    remote.stream().allMatch(e -> e.length() > 0 && e.totalReward() == e.length()));
        }
    }
}
