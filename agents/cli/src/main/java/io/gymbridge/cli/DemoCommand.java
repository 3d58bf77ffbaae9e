package io.gymbridge.cli;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gymbridge demo}: the whole bridge in one process: starts a server on a free loopback port
 * and drives an env on it by URL with random actions.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start a server on a free loopback port and run random-action episodes against it by URL.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--env",
            defaultValue = "CartPole-v1",
            description = "Env id (default: ${DEFAULT-VALUE}).")
    String envId;

    @Option(
            names = "--episodes",
            defaultValue = "5",
            description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the first episode (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/" + envId;
            System.out.println("server on 127.0.0.1:" + server.port() + "; opening " + url);
            SplittableRandom rng = new SplittableRandom(seed);
            try (Env<Object, Object> env = Envs.make(url)) {
                System.out.println("observation space: " + env.observationSpace());
                System.out.println("action space:      " + env.actionSpace());
                for (int ep = 0; ep < episodes; ep++) {
                    Reset<Object> r = env.reset(seed + ep);
                    double ret = 0;
                    int len = 0;
                    Step<Object> s;
                    do {
                        s = env.step(env.actionSpace().sample(rng));
                        ret += s.reward();
                        len++;
                    } while (!s.done());
                    System.out.printf(
                            "episode %d (seed %d): return %.2f, length %d, %s; first obs %s%n",
                            ep,
                            seed + ep,
                            ret,
                            len,
                            s.terminated() ? "terminated" : "truncated",
                            r.observation());
                }
            }
        }
        return 0;
    }
}
