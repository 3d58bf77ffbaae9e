package io.gymbridge.bench;

import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timing harness of the speed goal: full PPO runs on CartPole-v1 at Spinning Up's defaults (50
 * epochs of 4000 steps), in-process and over a loopback gRPC server (started in this JVM), on each
 * engine. Not a test: it takes minutes.
 *
 * <p>Per engine it first runs a short warm-up (engine load, JIT; in-process and remote), then
 * {@code --repeats} pairs of runs alternating in-process and loopback, and prints each run's wall
 * time, the time spent in env calls (from the run's last line, {@code Env: ...}), and the bridge's
 * share of the loopback wall time two ways: (loopback - in-process) / loopback from the wall times,
 * and (loopback env time - in-process env time) / loopback wall time, which the machine's noise
 * disturbs less.
 *
 * <p>Run with the launcher's class path, after {@code ./gymbridge envs} has built it:
 *
 * <pre>
 * MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1 java -Dai.djl.offline=true \
 *   -cp "agents/cli/target/gymbridge-cli-0.1.0-SNAPSHOT.jar:$(cat agents/cli/target/classpath.txt)" \
 *   io.gymbridge.bench.PpoCartPoleBenchmark [--engines MXNet,PyTorch] [--num-envs 8]
 *   [--epochs 50] [--repeats 1] [--no-update]
 * </pre>
 */
public final class PpoCartPoleBenchmark {
    private PpoCartPoleBenchmark() {}

    private static final Pattern ENV_LINE =
            Pattern.compile("Env: (\\d+) calls, ([0-9.]+) s of ([0-9.]+) s collecting");

    /** One run's figures. */
    private record Run(double wall, double env, double collecting, long calls, String lastReturn) {}

    /** Runs the benchmark; see the class comment for the flags. */
    public static void main(String[] args) throws IOException {
        List<String> engines = List.of("MXNet", "PyTorch");
        int numEnvs = 8;
        int epochs = 50;
        int repeats = 1;
        boolean noUpdate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "--num-envs" -> numEnvs = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--no-update" -> noUpdate = true;
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        Map<String, Object> changes = new java.util.HashMap<>();
        changes.put("epochs", epochs);
        changes.put("num_envs", numEnvs);
        if (noUpdate) {
            // data collection alone: what the envs and the acting path cost
            changes.put("train_pi_iters", 0);
            changes.put("train_v_iters", 0);
        }
        Ppo.Config config = Hyperparameters.of(Ppo.Config.class, changes);
        List<String> report = new ArrayList<>();
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
            for (String engine : engines) {
                // warm-up: engine load, JIT of the training and of the gRPC paths
                run(Hyperparameters.with(config, Map.of("epochs", 3)), "CartPole-v1", engine);
                run(Hyperparameters.with(config, Map.of("epochs", 3)), url, engine);
                for (int r = 0; r < repeats; r++) {
                    Run local = run(config, "CartPole-v1", engine);
                    Run remote = run(config, url, engine);
                    String line =
                            String.format(
                                    "%-7s num_envs=%d epochs=%d: in-process %.1f s (env %.1f s),"
                                            + " loopback %.1f s (env %.1f s, %d calls, %.0f µs/call);"
                                            + " bridge share %.1f%% by wall time, %.1f%% by env"
                                            + " time; final AverageEpRet %s / %s",
                                    engine,
                                    numEnvs,
                                    epochs,
                                    local.wall(),
                                    local.env(),
                                    remote.wall(),
                                    remote.env(),
                                    remote.calls(),
                                    1e6 * remote.env() / remote.calls(),
                                    100 * (remote.wall() - local.wall()) / remote.wall(),
                                    100 * (remote.env() - local.env()) / remote.wall(),
                                    local.lastReturn(),
                                    remote.lastReturn());
                    System.out.println(line);
                    report.add(line);
                }
            }
        }
        System.out.println("\nSummary:");
        report.forEach(System.out::println);
    }

    private static Run run(Ppo.Config config, String env, String engine) throws IOException {
        Path out = Files.createTempDirectory("ppo-bench");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long start = System.nanoTime();
        System.setOut(new PrintStream(captured, true));
        try {
            Ppo.train(config, new RunContext(env, "bench", out, engine, false, false));
        } finally {
            System.setOut(stdout);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<String> rows = Files.readAllLines(out.resolve("progress.txt"));
        Matcher m = ENV_LINE.matcher(captured.toString());
        if (!m.find()) {
            throw new IllegalStateException("no Env: line in the run's output");
        }
        return new Run(
                wall,
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                Long.parseLong(m.group(1)),
                rows.get(rows.size() - 1).split("\t")[1]);
    }
}
