package io.gymbridge.bench;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Step;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The transport benchmark behind {@code ./gymbridge bench}: CartPole-v1 stepped in-process and
 * through a server on a loopback port and on a Unix domain socket, unary and streaming, at num_envs
 * 1 and 64, each beside an echo (GetServerInfo) over the same transport measured in the same run.
 * The TCP and Unix rows of one configuration are measured one right after the other.
 *
 * <p>Latency is measured per round trip with {@link System#nanoTime()}; reported are medians (p50)
 * and p99 over all round trips of the measured phase, after a warm-up phase.
 */
public final class TransportBenchmark {
    /**
     * What to measure.
     *
     * @param envId the env to step
     * @param seconds measured time per configuration
     * @param warmupSeconds warm-up time per configuration
     * @param directExecutor the executor of the Java server the benchmark starts
     * @param targets {@code host:port} or {@code unix:/path} of running servers to measure instead
     *     of starting Java ones, each configuration on each in turn; empty to start them
     * @param unix also measure a Java server on a Unix domain socket beside the one on the loopback
     *     port (when the benchmark starts its own, on Linux)
     * @param numEnvs the num_envs of the remote rows, e.g. [1, 64]
     * @param clients numbers of concurrent streaming clients for the throughput rows, e.g. [2, 4];
     *     empty for none
     */
    public record Options(
            String envId,
            double seconds,
            double warmupSeconds,
            boolean directExecutor,
            List<String> targets,
            boolean unix,
            List<Integer> numEnvs,
            List<Integer> clients) {}

    private final Options options;
    private final PrintStream out;

    /** A benchmark writing its table to {@code out}. */
    public TransportBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs every configuration and prints one row each. */
    public void run() {
        out.printf(
                "gymbridge bench: %s, %.1f s per row after %.1f s warm-up, server %s%n",
                options.envId(),
                options.seconds(),
                options.warmupSeconds(),
                !options.targets().isEmpty()
                        ? String.join(", ", options.targets())
                        : "in this JVM, executor "
                                + (options.directExecutor() ? "direct" : "pool"));
        out.printf(
                "machine: %d cpus, %s %s, java %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
        Map<Integer, Double> local = new TreeMap<>();
        out.printf("%-34s %14s%n", "in-process (Java)", "env steps/s");
        local.put(1, inProcess());
        out.printf("%-34s %,14.0f%n", "  single env, Env.step", local.get(1));
        for (int n : options.numEnvs()) {
            if (n > 1) {
                local.put(n, inProcessVector(n));
                out.printf("%-34s %,14.0f%n", "  SyncVectorEnv num_envs=" + n, local.get(n));
            }
        }
        out.println();
        out.printf(
                "%-26s %9s %9s %9s %9s %8s %14s %9s%n",
                "remote (same host)",
                "p50 us",
                "p99 us",
                "echo p50",
                "echo p99",
                "p50/echo",
                "env steps/s",
                "vs local");
        ServerOptions serverOptions =
                ServerOptions.defaults().withPort(0).withDirectExecutor(options.directExecutor());
        GymServer server = options.targets().isEmpty() ? GymServer.start(serverOptions) : null;
        List<String> targets =
                new ArrayList<>(
                        server != null ? List.of("127.0.0.1:" + server.port()) : options.targets());
        String authority = targets.get(0);
        Path socketDir = null;
        GymServer unixServer = null;
        try {
            if (server != null && options.unix()) {
                socketDir = Files.createTempDirectory("gymbridge-bench");
                unixServer = GymServer.startUnix(socketDir.resolve("gym.sock"), serverOptions);
                targets.add("unix:" + unixServer.unixSocket());
            }
            int configuration = 0;
            for (Transport t : new Transport[] {Transport.STREAM, Transport.UNARY}) {
                for (int n : options.numEnvs()) {
                    // alternate which target goes first, so that neither always follows the other
                    for (int i = 0; i < targets.size(); i++) {
                        int k = configuration % 2 == 0 ? i : targets.size() - 1 - i;
                        row(targets.get(k), t, n, local);
                    }
                    configuration++;
                }
            }
            for (int clients : options.clients()) {
                for (int n : options.numEnvs()) {
                    out.printf(
                            "%-26s %,14.0f env steps/s in total%n",
                            "  stream num_envs=" + n + " x " + clients + " clients",
                            concurrent(authority, n, clients));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the Unix socket", e);
        } finally {
            if (server != null) {
                server.close();
            }
            if (unixServer != null) {
                unixServer.close();
            }
            if (socketDir != null) {
                try {
                    Files.deleteIfExists(socketDir);
                } catch (IOException e) {
                    out.println("could not remove " + socketDir + ": " + e);
                }
            }
        }
    }

    /** Measures and prints one remote row: {@code target} over {@code t} with {@code n} envs. */
    private void row(String target, Transport t, int n, Map<Integer, Double> local) {
        try (RemoteVectorEnv env =
                RemoteVectorEnv.open(address(target, n), t, Duration.ofSeconds(30))) {
            Row row = remote(env);
            out.printf(
                    "%-26s %9.1f %9.1f %9.1f %9.1f %8.2f %,14.0f %9.3f%n",
                    "  "
                            + (target.startsWith("unix:") ? "unix " : "tcp ")
                            + t.name().toLowerCase(java.util.Locale.ROOT)
                            + " num_envs="
                            + n,
                    row.p50 / 1e3,
                    row.p99 / 1e3,
                    row.echoP50 / 1e3,
                    row.echoP99 / 1e3,
                    row.p50 / row.echoP50,
                    row.stepsPerSecond,
                    row.stepsPerSecond / local.getOrDefault(n, Double.NaN));
        }
    }

    /**
     * The bench env's address on {@code target} ({@code host:port} or {@code unix:/path}), as a
     * vector of {@code n} envs.
     */
    private EnvAddress address(String target, int n) {
        if (target.startsWith("unix:")) {
            return EnvAddress.parse(target + "?env=" + options.envId() + "&num_envs=" + n);
        }
        return EnvAddress.parse("grpc://" + target + "/" + options.envId() + "?num_envs=" + n);
    }

    /**
     * Total env steps/s of {@code clients} streaming sessions of {@code n} envs stepped at once,
     * each by its own thread: the server's throughput rather than one client's latency.
     */
    private double concurrent(String authority, int n, int clients) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(
                        pool.submit(
                                () -> {
                                    try (RemoteVectorEnv env =
                                            RemoteVectorEnv.open(
                                                    address(authority, n),
                                                    Transport.STREAM,
                                                    Duration.ofSeconds(30))) {
                                        env.reset(0L, Map.of(), null);
                                        Object[] actions = actionBatches(env, 64);
                                        int[] k = {0};
                                        return stepsPerSecond(
                                                100L * n,
                                                () -> {
                                                    for (int i = 0; i < 100; i++) {
                                                        env.step(actions[k[0]++ % actions.length]);
                                                    }
                                                });
                                    }
                                }));
            }
            double total = 0;
            for (Future<Double> f : results) {
                total += f.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a benchmark client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Row(
            double p50, double p99, double echoP50, double echoP99, double stepsPerSecond) {}

    private double inProcess() {
        try (Env<Object, Object> env =
                EnvRegistry.withProviders().make(options.envId(), Map.of())) {
            SplittableRandom rng = new SplittableRandom(0);
            env.reset(0L, Map.of());
            return stepsPerSecond(
                    1000,
                    () -> {
                        for (int i = 0; i < 1000; i++) {
                            Step<Object> s = env.step(env.actionSpace().sample(rng));
                            if (s.done()) {
                                env.reset(null, Map.of());
                            }
                        }
                    });
        }
    }

    private double inProcessVector(int n) {
        try (VectorEnv<Object, Object> env =
                EnvRegistry.withProviders()
                        .makeVector(options.envId(), Map.of(), n, AutoresetMode.NEXT_STEP)) {
            env.reset(0L, Map.of(), null);
            Object[] actions = actionBatches(env, 64);
            int[] k = {0};
            return stepsPerSecond(
                    100L * n,
                    () -> {
                        for (int i = 0; i < 100; i++) {
                            env.step(actions[k[0]++ % actions.length]);
                        }
                    });
        }
    }

    /**
     * Runs {@code block} (which makes {@code stepsPerBlock} env steps) through the warm-up, then
     * for the measured time, and returns the measured env steps per second.
     */
    private double stepsPerSecond(long stepsPerBlock, Runnable block) {
        long end = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
        while (System.nanoTime() < end) {
            block.run();
        }
        long steps = 0;
        long start = System.nanoTime();
        end = start + (long) (options.seconds() * 1e9);
        long now;
        do {
            block.run();
            steps += stepsPerBlock;
            now = System.nanoTime();
        } while (now < end);
        return steps / ((now - start) / 1e9);
    }

    private Row remote(RemoteVectorEnv env) {
        env.reset(0L, Map.of(), null);
        Object[] actions = actionBatches(env, 64);
        // Alternate blocks of steps and echoes so that both see the same machine state.
        long[] stepLatencies = new long[1 << 20];
        long[] echoLatencies = new long[1 << 20];
        int ns = 0;
        int ne = 0;
        long stepNanos = 0;
        long end = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
        boolean measuring = false;
        int k = 0;
        while (true) {
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                env.step(actions[k++ % actions.length]);
                long dt = System.nanoTime() - t0;
                if (measuring && ns < stepLatencies.length) {
                    stepLatencies[ns++] = dt;
                    stepNanos += dt;
                }
            }
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                env.ping();
                long dt = System.nanoTime() - t0;
                if (measuring && ne < echoLatencies.length) {
                    echoLatencies[ne++] = dt;
                }
            }
            long now = System.nanoTime();
            if (now >= end) {
                if (measuring) {
                    break;
                }
                measuring = true;
                end = now + (long) (options.seconds() * 1e9);
            }
        }
        long[] s = Arrays.copyOf(stepLatencies, ns);
        long[] e = Arrays.copyOf(echoLatencies, ne);
        Arrays.sort(s);
        Arrays.sort(e);
        return new Row(
                pct(s, 0.5),
                pct(s, 0.99),
                pct(e, 0.5),
                pct(e, 0.99),
                (double) ns * env.numEnvs() / (stepNanos / 1e9));
    }

    private static Object[] actionBatches(VectorEnv<Object, Object> env, int count) {
        SplittableRandom rng = new SplittableRandom(1);
        Object[] out = new Object[count];
        for (int i = 0; i < count; i++) {
            out[i] = env.actionSpace().sample(rng);
        }
        return out;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
