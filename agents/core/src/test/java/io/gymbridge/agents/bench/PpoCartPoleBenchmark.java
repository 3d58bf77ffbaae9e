package io.gymbridge.agents.bench;

import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The timing harness of the speed goal: a full PPO run on CartPole-v1 at Spinning Up's defaults (50
 * epochs of 4000 steps), in-process and over a loopback gRPC server, on each engine; prints the
 * wall time of each and the bridge's share (remote - in-process) / remote.
 *
 * <p>Not a test (it takes minutes). Run it from agents/core after {@code mvn -o -pl agents/core
 * test-compile}:
 *
 * <pre>
 * MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1 java -Dai.djl.offline=true \
 *   -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   io.gymbridge.agents.bench.PpoCartPoleBenchmark [--engines MXNet,PyTorch] [--num-envs 8]
 *   [--epochs 50] [--modes inprocess,loopback] [--no-update] [--verbose]
 * </pre>
 */
public final class PpoCartPoleBenchmark {
    private PpoCartPoleBenchmark() {}

    /** Runs the benchmark; see the class comment for the flags. */
    public static void main(String[] args) throws IOException {
        List<String> engines = List.of("MXNet", "PyTorch");
        List<String> modes = List.of("inprocess", "loopback");
        int numEnvs = 8;
        int epochs = 50;
        boolean quiet = true;
        boolean noUpdate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "--modes" -> modes = List.of(args[++i].split(","));
                case "--num-envs" -> numEnvs = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--verbose" -> quiet = false;
                case "--no-update" -> noUpdate = true;
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        Ppo.Config.Builder builder = Ppo.Config.builder().optEpochs(epochs).optNumEnvs(numEnvs);
        if (noUpdate) {
            // data collection alone: what the env and the acting path cost
            builder.optTrainPiIters(0).optTrainVIters(0);
        }
        Ppo.Config config = builder.build();
        List<String> report = new ArrayList<>();
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            for (String engine : engines) {
                double inProcess = Double.NaN;
                for (String mode : modes) {
                    String env =
                            mode.equals("loopback")
                                    ? "grpc://127.0.0.1:" + server.port() + "/CartPole-v1"
                                    : "CartPole-v1";
                    Path out = Files.createTempDirectory("ppo-bench");
                    PrintStream stdout = System.out;
                    long start = System.nanoTime();
                    if (quiet) {
                        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                    }
                    try {
                        Ppo.train(config, new RunContext(env, "bench", out, engine, false, false));
                    } finally {
                        System.setOut(stdout);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    List<String> rows = Files.readAllLines(out.resolve("progress.txt"));
                    String last = rows.get(rows.size() - 1);
                    String line =
                            String.format(
                                    "%-8s %-9s num_envs=%d epochs=%d: %.1f s (last AverageEpRet %s)",
                                    engine, mode, numEnvs, epochs, seconds, last.split("\t")[1]);
                    if (mode.equals("inprocess")) {
                        inProcess = seconds;
                    } else if (!Double.isNaN(inProcess)) {
                        line +=
                                String.format(
                                        "; bridge share %.1f%%",
                                        100 * (seconds - inProcess) / seconds);
                    }
                    System.out.println(line);
                    report.add(line);
                }
            }
        }
        System.out.println("\nSummary:");
        report.forEach(System.out::println);
    }
}
