package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 64 clients step one server at once, 1,000 steps each: every response must be the one its own
 * session would give, in order: none lost, duplicated or crossed with another client's.
 */
class ConcurrentClientsTest {
    private static final int CLIENTS = 64;
    private static final int STEPS = 1000;

    @Test
    void step_64ConcurrentClients_eachGetsExactlyItsOwnTrajectory() throws Exception {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
            EnvRegistry local = EnvRegistry.withProviders();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(pool.submit(() -> runClient(url, local, client)));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(CLIENTS * STEPS, total);
            assertEquals(0, server.sessionCount());
        }
    }

    /** Steps a remote and a local env in lockstep and compares every result. */
    private static int runClient(String url, EnvRegistry registry, int client) {
        SplittableRandom rng = new SplittableRandom(client);
        long seed = 1000L + client;
        int steps = 0;
        try (Env<Object, Object> remote = Envs.make(url);
                Env<Object, Object> local = registry.make("CartPole-v1", Map.of())) {
            assertEquals(local.reset(seed).observation(), remote.reset(seed).observation());
            while (steps < STEPS) {
                Object action = remote.actionSpace().sample(rng);
                Step<Object> r = remote.step(action);
                Step<Object> l = local.step(action);
                assertEquals(
                        l.observation(), r.observation(), "client " + client + " step " + steps);
                assertEquals(l.reward(), r.reward());
                assertEquals(l.terminated(), r.terminated());
                assertEquals(l.truncated(), r.truncated());
                steps++;
                if (r.done()) {
                    seed += CLIENTS;
                    assertEquals(local.reset(seed).observation(), remote.reset(seed).observation());
                }
            }
        }
        return steps;
    }
}
