package io.gymbridge.cli;

import io.gymbridge.bench.TransportBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gymbridge bench}: transport figures for docs/benchmarks.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measure env steps/s and step latency in-process and over a server on a loopback port and"
                        + " on a Unix domain socket (unary and streaming, num_envs 1 and 64); with --tls,"
                        + " over TLS too, beside plaintext.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--env",
            defaultValue = "CartPole-v1",
            description = "Env id (default: ${DEFAULT-VALUE}).")
    String envId;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Measured seconds per row (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            description = "Warm-up seconds per row (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(
            names = "--executor",
            defaultValue = "direct",
            description = "Server executor: direct or pool (default: ${DEFAULT-VALUE}).")
    String executor;

    @Option(
            names = "--target",
            paramLabel = "HOST:PORT",
            split = ",",
            description =
                    "Measure these running servers (Java or Python) instead of starting Java ones;"
                            + " unix:/path/to.sock for one on a Unix domain socket. Several"
                            + " (comma-separated) are measured in turn, row by row.")
    List<String> targets = List.of();

    @Option(
            names = "--no-unix",
            negatable = false,
            description =
                    "Skip the Unix domain socket rows measured beside TCP loopback (they need"
                            + " Linux).")
    boolean noUnix;

    @Option(
            names = "--num-envs",
            split = ",",
            defaultValue = "1,64",
            description = "num_envs of the remote rows (default: ${DEFAULT-VALUE}).")
    List<Integer> numEnvs;

    @Option(
            names = "--clients",
            split = ",",
            description =
                    "Also measure total throughput with this many concurrent streaming clients,"
                            + " e.g. 2,4 (default: none).")
    List<Integer> clients = List.of();

    @Option(
            names = "--learner-us",
            defaultValue = "15",
            description =
                    "The learner's work between two steps in the in-training columns, in µs (PPO on CartPole-v1 at num_envs 1 spends about 15 µs between env calls); 0 leaves them out. Default: ${DEFAULT-VALUE}.")
    double learnerMicros;

    @Option(
            names = "--in-flight",
            defaultValue = "4",
            description =
                    "Sessions of num_envs stepped in turn with one step of each in flight, measured beside one session stepped synchronously; 1 leaves these rows out. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(
            names = "--tls",
            description =
                    "Also measure each remote row over TLS (a second server with a throwaway"
                            + " certificate made with openssl), right after the plaintext one,"
                            + " and print the TLS/plaintext step p50 ratios.")
    boolean tls;

    @Override
    public Integer call() {
        for (int n : numEnvs) {
            if (n < 1) {
                throw new IllegalArgumentException("--num-envs values must be >= 1, got " + n);
            }
        }
        if (!executor.equals("direct") && !executor.equals("pool")) {
            throw new IllegalArgumentException(
                    "--executor must be direct or pool, got " + executor);
        }
        if (learnerMicros < 0 || inFlight < 1) {
            throw new IllegalArgumentException(
                    "--learner-us must be >= 0 and --in-flight >= 1, got "
                            + learnerMicros
                            + " and "
                            + inFlight);
        }
        if (tls && !targets.isEmpty()) {
            throw new IllegalArgumentException(
                    "--tls measures servers the bench starts itself; it does not go with --target");
        }
        new TransportBenchmark(
                        new TransportBenchmark.Options(
                                envId,
                                seconds,
                                warmup,
                                executor.equals("direct"),
                                targets,
                                !noUnix,
                                numEnvs,
                                clients,
                                tls,
                                learnerMicros,
                                inFlight),
                        System.out)
                .run();
        return 0;
    }
}
