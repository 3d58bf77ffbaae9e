package io.gymbridge.cli;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.EnvChecker;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gymbridge check URL}: Gymnasium's check_env against any env, local or remote; one line per
 * check, non-zero exit on failure.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description =
                "Check that an env keeps the gymbridge/Gymnasium contract: spaces, reset/step types, seeding, errors, close.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "URL",
            description = "An env id (CartPole-v1) or URL (grpc://host:port/CartPole-v1).")
    String target;

    @Option(
            names = "--seed",
            defaultValue = "123",
            description = "Seed of the determinism checks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--render",
            description = "Also check render (open the env with render_mode=rgb_array).")
    boolean render;

    @Override
    public Integer call() {
        EnvChecker checker = EnvChecker.builder().optSeed(seed).optCheckRender(render).build();
        System.out.println("checking " + target);
        CheckReport report =
                checker.run(
                        () -> open(target, render),
                        r -> {
                            System.out.println(r.line());
                            System.out.flush();
                        });
        System.out.println(report.summary());
        return report.allPassed() ? 0 : 1;
    }

    /** Opens the target, with render_mode rgb_array if the render check is on. */
    static Env<Object, Object> open(String target, boolean render) {
        if (!render) {
            return Envs.make(target);
        }
        if (target.contains("://")) {
            return Envs.make(target + (target.contains("?") ? "&" : "?") + "render_mode=rgb_array");
        }
        return Envs.make(target, Map.of("render_mode", "rgb_array"));
    }
}
