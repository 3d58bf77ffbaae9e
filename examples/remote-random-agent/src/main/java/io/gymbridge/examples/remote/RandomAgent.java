package io.gymbridge.examples.remote;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Opens an env by URL and runs a few episodes with random actions. The same code runs against a
 * bundled env ({@code CartPole-v1}), a Java server ({@code grpc://host:port/CartPole-v1}) or a
 * Python one: only the string changes.
 *
 * <pre>
 * ./gymbridge serve --port 50051 &amp;
 * mvn -q -pl examples/remote-random-agent exec:java -Dexec.args="grpc://127.0.0.1:50051/CartPole-v1 5"
 * </pre>
 */
public final class RandomAgent {
    private RandomAgent() {}

    /** One episode's outcome. */
    public record Episode(double totalReward, int length, boolean terminated) {}

    /** {@code RandomAgent [URL] [EPISODES]}. */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "grpc://127.0.0.1:50051/CartPole-v1";
        int episodes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Episode> result = run(url, episodes, 0);
        for (int i = 0; i < result.size(); i++) {
            Episode e = result.get(i);
            System.out.printf(
                    "episode %d: return %.1f over %d steps (%s)%n",
                    i, e.totalReward(), e.length(), e.terminated() ? "terminated" : "truncated");
        }
    }

    /**
     * Runs {@code episodes} random-action episodes on the env at {@code url}, seeded from {@code
     * seed}.
     */
    public static List<Episode> run(String url, int episodes, long seed) {
        List<Episode> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        try (Env<Object, Object> env = Envs.make(url)) {
            System.out.println(
                    url
                            + ": observations "
                            + env.observationSpace()
                            + ", actions "
                            + env.actionSpace());
            for (int ep = 0; ep < episodes; ep++) {
                env.reset(seed + ep);
                double total = 0;
                int length = 0;
                Step<Object> step;
                do {
                    step = env.step(env.actionSpace().sample(rng));
                    total += step.reward();
                    length++;
                } while (!step.done());
                out.add(new Episode(total, length, step.terminated()));
            }
        }
        return out;
    }
}
