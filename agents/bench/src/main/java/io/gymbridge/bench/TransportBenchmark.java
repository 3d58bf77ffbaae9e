package io.gymbridge.bench;

import io.gymbridge.conformance.TestCertificates;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Step;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.NetworkOptions;
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
 * through a server on a loopback port and one on a Unix domain socket, unary and streaming, at
 * num_envs 1 and 64, each beside an echo (GetServerInfo) over the same transport measured in the
 * same run.
 *
 * <p>Latency is measured per round trip with {@link System#nanoTime()}; reported are medians (p50)
 * and p99 over all round trips of the measured phase, after a warm-up phase.
 *
 * <p>With {@link Options#tls()}, a second server with TLS (a throwaway certificate made with
 * openssl) runs beside the plaintext one, and each remote row is measured on both, one right after
 * the other, with the ratio of their step p50s. The Unix socket rows ({@link Options#unix()}) are
 * measured the same way, beside the loopback ones.
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
     *     of starting Java ones, measured together; empty to start them
     * @param unix also measure a Java server on a Unix domain socket beside the one on the loopback
     *     port (when the benchmark starts its own; Linux)
     * @param numEnvs the num_envs of the remote rows, e.g. [1, 64]
     * @param clients numbers of concurrent streaming clients for the throughput rows, e.g. [2, 4];
     *     empty for none
     * @param tls also measure each remote row over TLS (not with a target)
     * @param learnerMicros the learner's work between two steps in the in-training rows, in µs (a
     *     spin on the calling thread, as a policy pass would keep it busy); 0 for no such rows
     * @param inFlight for the in-flight rows: that many sessions of num_envs each, stepped in turn
     *     with one step of each in flight ({@code stepAsync}/{@code stepWait}), beside one session
     *     stepped synchronously; 0 or 1 for no such rows
     */
    public record Options(
            String envId,
            double seconds,
            double warmupSeconds,
            boolean directExecutor,
            List<String> targets,
            boolean unix,
            List<Integer> numEnvs,
            List<Integer> clients,
            boolean tls,
            double learnerMicros,
            int inFlight) {}

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
                "%-26s %9s %9s %9s %9s %8s %14s %9s %10s %10s %9s%n",
                "remote (same host)",
                "p50 us",
                "p99 us",
                "echo p50",
                "echo p99",
                "p50/echo",
                "env steps/s",
                "vs local",
                "train p50",
                "train mean",
                "train/p50");
        ServerOptions serverOptions =
                ServerOptions.defaults().withPort(0).withDirectExecutor(options.directExecutor());
        GymServer server = options.targets().isEmpty() ? GymServer.start(serverOptions) : null;
        List<String> targets =
                server != null ? List.of("127.0.0.1:" + server.port()) : options.targets();
        String authority = targets.get(0);
        TlsServer tls = options.tls() ? TlsServer.start(options.directExecutor()) : null;
        UnixServer unix = server != null && options.unix() ? UnixServer.start(serverOptions) : null;
        List<String> ratios = new ArrayList<>();
        List<String> unixRatios = new ArrayList<>();
        try {
            for (Transport t : new Transport[] {Transport.STREAM, Transport.UNARY}) {
                for (int n : options.numEnvs()) {
                    String name = t.name().toLowerCase(java.util.Locale.ROOT) + " num_envs=" + n;
                    List<EnvAddress> addresses = new ArrayList<>();
                    List<String> labels = new ArrayList<>();
                    for (String target : targets) {
                        addresses.add(address(target, n));
                        labels.add(
                                target.startsWith("unix:")
                                        ? " unix"
                                        : targets.size() > 1 ? " tcp" : "");
                    }
                    if (tls != null) {
                        addresses.add(tls.address(options.envId(), n));
                        labels.add(" tls");
                    }
                    if (unix != null) {
                        addresses.add(address(unix.target(), n));
                        labels.add(" unix");
                    }
                    List<Row> rows = rows(name, labels, addresses, t, local.get(n));
                    if (tls != null) {
                        ratios.add(
                                String.format("%s %.2f", name, rows.get(1).p50 / rows.get(0).p50));
                    }
                    if (unix != null) {
                        unixRatios.add(
                                String.format(
                                        "%s %.2f",
                                        name, rows.get(rows.size() - 1).p50 / rows.get(0).p50));
                    }
                }
            }
            if (tls != null) {
                out.println("TLS / plaintext step p50: " + String.join(", ", ratios));
            }
            if (unix != null) {
                out.println(
                        "Unix socket / TCP loopback step p50: " + String.join(", ", unixRatios));
            }
            if (options.inFlight() > 1) {
                for (int n : options.numEnvs()) {
                    double[] r = inFlight(authority, n, options.inFlight());
                    out.printf(
                            "%-26s %,14.0f env steps/s with %d batches in flight, %,14.0f with one"
                                    + " (%.2fx)%n",
                            "  stream num_envs=" + n, r[1], options.inFlight(), r[0], r[1] / r[0]);
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
        } finally {
            if (server != null) {
                server.close();
            }
            if (tls != null) {
                tls.close();
            }
            if (unix != null) {
                unix.close();
            }
        }
    }

    /**
     * Measures the rows of {@code name} on each address together (plaintext, then TLS and the Unix
     * socket if given) and prints them, each with its label; the rows in the same order.
     */
    private List<Row> rows(
            String name,
            List<String> labels,
            List<EnvAddress> addresses,
            Transport t,
            Double localStepsPerSecond) {
        List<RemoteVectorEnv> envs = new ArrayList<>();
        try {
            for (EnvAddress a : addresses) {
                envs.add(RemoteVectorEnv.open(a, t, Duration.ofSeconds(30)));
            }
            List<Row> rows = remote(envs, (long) (options.learnerMicros() * 1e3));
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                out.printf(
                        "%-26s %9.1f %9.1f %9.1f %9.1f %8.2f %,14.0f %9.3f %10.1f %10.1f %9.2f%n",
                        "  " + name + labels.get(i),
                        row.p50 / 1e3,
                        row.p99 / 1e3,
                        row.echoP50 / 1e3,
                        row.echoP99 / 1e3,
                        row.p50 / row.echoP50,
                        row.stepsPerSecond,
                        row.stepsPerSecond
                                / (localStepsPerSecond == null ? Double.NaN : localStepsPerSecond),
                        row.trainP50 / 1e3,
                        row.trainMean / 1e3,
                        row.trainP50 / row.p50);
            }
            return rows;
        } finally {
            envs.forEach(RemoteVectorEnv::close);
        }
    }

    /** A Java server on a Unix domain socket in a temp directory. */
    private record UnixServer(GymServer server, Path dir) implements AutoCloseable {
        static UnixServer start(ServerOptions options) {
            try {
                Path dir = Files.createTempDirectory("gymbridge-bench");
                return new UnixServer(GymServer.startUnix(dir.resolve("gym.sock"), options), dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for the socket", e);
            }
        }

        String target() {
            return "unix:" + server.unixSocket();
        }

        @Override
        public void close() {
            server.close();
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }

    /** A Java server with TLS on a free loopback port, its certificate made for the run. */
    private record TlsServer(GymServer server, TestCertificates pki, Path dir)
            implements AutoCloseable {
        static TlsServer start(boolean directExecutor) {
            try {
                Path dir = Files.createTempDirectory("gymbridge-bench-tls");
                TestCertificates pki = TestCertificates.create(dir, List.of("127.0.0.1"));
                // the server's INFO lines (certificate, validity) would cut into the table
                java.util.logging.Logger.getLogger("io.gymbridge.server")
                        .setLevel(java.util.logging.Level.WARNING);
                GymServer server =
                        GymServer.start(
                                ServerOptions.defaults()
                                        .withPort(0)
                                        .withDirectExecutor(directExecutor),
                                NetworkOptions.builder()
                                        .optTls(pki.serverCert(), pki.serverKey())
                                        .build());
                return new TlsServer(server, pki, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot make the TLS rows' certificate (needs openssl): " + e.getMessage(),
                        e);
            }
        }

        EnvAddress address(String envId, int n) {
            return EnvAddress.parse(
                    "grpcs://127.0.0.1:"
                            + server.port()
                            + "/"
                            + envId
                            + "?num_envs="
                            + n
                            + "&ca_file="
                            + pki.caCert());
        }

        @Override
        public void close() {
            server.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
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

    /**
     * Env steps/s of one session of {@code n} envs stepped synchronously, and of {@code k} sessions
     * of {@code n} envs on one channel stepped in turn with one step of each in flight ({@link
     * RemoteVectorEnv#stepAsync}): measured in alternating blocks, {@code [one, k in flight]}.
     */
    private double[] inFlight(String authority, int n, int k) {
        List<RemoteVectorEnv> envs = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) {
                envs.add(
                        RemoteVectorEnv.open(
                                address(authority, n), Transport.STREAM, Duration.ofSeconds(30)));
                envs.get(i).reset((long) i * n, Map.of(), null);
            }
            Object[] actions = actionBatches(envs.get(0), 64);
            int[] a = {0};
            RemoteVectorEnv first = envs.get(0);
            Runnable one =
                    () -> {
                        for (int i = 0; i < 100; i++) {
                            first.step(actions[a[0]++ % actions.length]);
                        }
                    };
            Runnable pipelined =
                    () -> {
                        for (RemoteVectorEnv e : envs) {
                            e.stepAsync(actions[a[0]++ % actions.length]);
                        }
                        for (int i = 0; i < 100; i++) {
                            for (RemoteVectorEnv e : envs) {
                                e.stepWait();
                                if (i < 99) {
                                    e.stepAsync(actions[a[0]++ % actions.length]);
                                }
                            }
                        }
                    };
            double[] oneRates = new double[3];
            double[] pipeRates = new double[3];
            for (int rep = 0; rep < 3; rep++) {
                oneRates[rep] = stepsPerSecond(100L * n, one);
                pipeRates[rep] = stepsPerSecond(100L * n * k, pipelined);
            }
            Arrays.sort(oneRates);
            Arrays.sort(pipeRates);
            return new double[] {oneRates[1], pipeRates[1]};
        } finally {
            envs.forEach(RemoteVectorEnv::close);
        }
    }

    private record Row(
            double p50,
            double p99,
            double echoP50,
            double echoP99,
            double stepsPerSecond,
            double trainP50,
            double trainMean) {}

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

    /**
     * Measures each env in turn, block by block (200 steps, then 50 echoes, then the next env), so
     * that rows measured together see the same machine state; each gets {@code seconds} of it.
     */
    private List<Row> remote(List<RemoteVectorEnv> envs, long learnerNanos) {
        List<Samples> samples = new ArrayList<>();
        for (RemoteVectorEnv env : envs) {
            env.reset(0L, Map.of(), null);
            samples.add(new Samples(env, actionBatches(env, 64), learnerNanos));
        }
        long end = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
        boolean measuring = false;
        while (true) {
            for (Samples s : samples) {
                s.block(measuring);
            }
            long now = System.nanoTime();
            if (now >= end) {
                if (measuring) {
                    break;
                }
                measuring = true;
                end = now + (long) (options.seconds() * envs.size() * 1e9);
            }
        }
        return samples.stream().map(Samples::row).toList();
    }

    /**
     * The round trips of one env: steps in a tight loop, echoes, and steps with the learner's work
     * between them (the in-training figure), in alternating blocks.
     */
    private static final class Samples {
        final RemoteVectorEnv env;
        final Object[] actions;
        final long learnerNanos;
        final long[] steps = new long[1 << 20];
        final long[] echoes = new long[1 << 20];
        final long[] training = new long[1 << 20];
        int ns;
        int ne;
        int nt;
        long stepNanos;
        long trainNanos;
        int k;

        Samples(RemoteVectorEnv env, Object[] actions, long learnerNanos) {
            this.env = env;
            this.actions = actions;
            this.learnerNanos = learnerNanos;
        }

        /**
         * 200 steps, then 50 echoes (GetServerInfo over the same transport), then (with learner
         * work) 200 steps each after that much work.
         */
        void block(boolean measuring) {
            if (learnerNanos > 0) {
                for (int i = 0; i < 200; i++) {
                    learnerWork(learnerNanos);
                    long t0 = System.nanoTime();
                    env.step(actions[k++ % actions.length]);
                    long dt = System.nanoTime() - t0;
                    if (measuring && nt < training.length) {
                        training[nt++] = dt;
                        trainNanos += dt;
                    }
                }
            }
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                env.step(actions[k++ % actions.length]);
                long dt = System.nanoTime() - t0;
                if (measuring && ns < steps.length) {
                    steps[ns++] = dt;
                    stepNanos += dt;
                }
            }
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                env.ping();
                long dt = System.nanoTime() - t0;
                if (measuring && ne < echoes.length) {
                    echoes[ne++] = dt;
                }
            }
        }

        Row row() {
            long[] s = Arrays.copyOf(steps, ns);
            long[] e = Arrays.copyOf(echoes, ne);
            long[] t = Arrays.copyOf(training, nt);
            Arrays.sort(s);
            Arrays.sort(e);
            Arrays.sort(t);
            return new Row(
                    pct(s, 0.5),
                    pct(s, 0.99),
                    pct(e, 0.5),
                    pct(e, 0.99),
                    (double) ns * env.numEnvs() / (stepNanos / 1e9),
                    pct(t, 0.5),
                    nt == 0 ? Double.NaN : (double) trainNanos / nt);
        }
    }

    private static volatile double learnerSink;

    /**
     * Keeps the calling thread busy for {@code nanos}, as a learner's policy pass between two env
     * calls does (arithmetic, no sleeping: the point is a busy caller and idle transport threads).
     */
    static void learnerWork(long nanos) {
        long end = System.nanoTime() + nanos;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 32; i++) {
                x = x * 1.0000001 + 1e-9;
            }
        }
        learnerSink = x;
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
