package io.gymbridge.cli;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gymbridge envs}: lists the bundled envs with their spaces. */
@Command(
        name = "envs",
        mixinStandardHelpOptions = true,
        description = "List the bundled envs with their spaces and specs.")
final class EnvsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        EnvRegistry registry = EnvRegistry.withProviders();
        for (String id : registry.ids()) {
            try (Env<?, ?> env = make(registry, id)) {
                if (env == null) {
                    continue;
                }
                var spec = env.spec();
                System.out.println(id);
                System.out.println("  observation space: " + env.observationSpace());
                System.out.println("  action space:      " + env.actionSpace());
                System.out.println(
                        "  max_episode_steps: "
                                + (spec.maxEpisodeSteps().isPresent()
                                        ? spec.maxEpisodeSteps().getAsInt()
                                        : "none")
                                + "   reward_threshold: "
                                + (spec.rewardThreshold().isPresent()
                                        ? spec.rewardThreshold().getAsDouble()
                                        : "none"));
            }
        }
        return 0;
    }

    /** The env made with default kwargs, or null after printing why it cannot be. */
    private static Env<?, ?> make(EnvRegistry registry, String id) {
        try {
            return registry.make(id, Map.of());
        } catch (EnvException e) {
            System.out.println(id);
            System.out.println("  (not made with default kwargs: " + e.description() + ")");
            return null;
        }
    }
}
