package io.gymbridge.cli;

import io.gymbridge.conformance.ServerConformance;
import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.CheckResult;
import io.gymbridge.env.check.EnvChecker;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gymbridge check URL}: Gymnasium's check_env against any env, local or remote; with {@code
 * --contract}, the conformance suites (the Env contract and the error contract) against a server.
 * One line per check, non-zero exit on failure.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check that an env keeps the gymbridge/Gymnasium contract: spaces, reset/step types,"
                    + " seeding, errors, close (Gymnasium's check_env).",
            "",
            "With --contract, judge a server by the conformance suites instead, as the project's"
                    + " own servers are judged: the Env contract (seeded trajectories compared"
                    + " with the bundled env of the same id, time limits, invalid actions, errors)"
                    + " on grpc://host:port/EnvId, or on every env the server lists with"
                    + " grpc://host:port; then the error contract, raw gymbridge.v1 requests for"
                    + " every error case. Each case prints PASS, FAIL or SKIP with the reason; a"
                    + " case needing what the server does not offer (CartPole-v1, an env that"
                    + " raises on purpose, a lease of at most 5 s, an env id the project bundles)"
                    + " is skipped, not passed. Run it against a server no one else is using: one"
                    + " case opens as many sessions as the server allows (up to 1024)."
        })
final class CheckCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "URL",
            description =
                    "An env id (CartPole-v1) or URL (grpc://host:port/CartPole-v1, or"
                            + " grpcs://host:port/CartPole-v1?ca_file=ca.pem&token_file=token"
                            + " over TLS); with --contract, grpc[s]://host:port/EnvId or"
                            + " grpc[s]://host:port (every env it lists), with no parameters but"
                            + " ca_file, cert_file, key_file, token_file and server_name.")
    String target;

    @Option(
            names = "--seed",
            defaultValue = "123",
            description =
                    "Seed of the determinism checks (default: ${DEFAULT-VALUE}; not with --contract).")
    long seed;

    @Option(
            names = "--render",
            description = "Also check render (open the env with render_mode=rgb_array).")
    boolean render;

    @Option(
            names = "--contract",
            description = "Run the conformance suites against the server of URL (see above).")
    boolean contract;

    @Option(
            names = "--observation-tolerance",
            paramLabel = "REL",
            description =
                    "With --contract: how far observations may be from the bundled env's, relative"
                            + " (absolute below 1). By default 0 (bit for bit) for a"
                            + " gymbridge-java server, which steps the same Java code, and 1e-6"
                            + " for any other: NumPy's and C's sin and cos differ from Java's in"
                            + " the last bit now and then (and NumPy's by CPU), which can round an"
                            + " observation to the neighbouring float32; 1e-6 allows that and"
                            + " nothing a wrong dynamics would give.")
    Double observationTolerance;

    @Option(
            names = "--box-env",
            paramLabel = "ID",
            defaultValue = "Pendulum-v1",
            description =
                    "With --contract: the env with Box actions the error contract uses"
                            + " (default: ${DEFAULT-VALUE}).")
    String boxEnv;

    @Option(
            names = "--box-kwarg",
            paramLabel = "NAME",
            defaultValue = "g",
            description =
                    "With --contract: a numeric kwarg of --box-env, sent with a value of the wrong"
                            + " type (default: ${DEFAULT-VALUE}; \"\" for none).")
    String boxKwarg;

    @Override
    public Integer call() {
        if (contract) {
            return checkContract();
        }
        EnvChecker checker = EnvChecker.builder().optSeed(seed).optCheckRender(render).build();
        System.out.println("checking " + target);
        CheckReport report = checker.run(() -> open(target, render), CheckCommand::print);
        System.out.println(report.summary());
        return report.allPassed() ? 0 : 1;
    }

    private int checkContract() {
        if (render) {
            throw new IllegalArgumentException(
                    "--render checks one env's frames; it does not go with --contract");
        }
        ServerConformance.Builder b =
                ServerConformance.builder()
                        .setTarget(target)
                        .optBoxEnv(boxEnv, boxKwarg.isEmpty() ? null : boxKwarg);
        if (observationTolerance != null) {
            b.optObservationTolerance(observationTolerance);
        }
        ServerConformance conformance = b.build();
        System.out.println("checking " + target + " against the Env and error contracts");
        CheckReport report = conformance.run(CheckCommand::print);
        System.out.println(report.summary());
        return report.allPassed() ? 0 : 1;
    }

    private static void print(CheckResult r) {
        System.out.println(r.line());
        System.out.flush();
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
