package io.gymbridge.bench;

import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.StepTiming;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a loopback call of a vector env goes (issue 12, docs/benchmarks.md): over {@code calls}
 * calls of {@code num_envs} envs to a server in this JVM, the round trip, the server's part and the
 * envs' step on the server (from the responses' Timing), the CPU the vector's worker threads spent
 * per call, the whole process's CPU per call (client, server and envs share this JVM), and the same
 * vector stepped locally in a tight loop with its CPU per call. The warm-up (default 2000 calls)
 * should outlast the JIT's compiling, several seconds on 2 vCPUs. Add {@code
 * -Dgymbridge.vector.sequential=true} to keep both vectors in one thread.
 *
 * <pre>
 * java -cp CLASSPATH io.gymbridge.bench.LoopbackBreakdown ENV_ID [CALLS] [NUM_ENVS] [WARMUP_CALLS]
 * </pre>
 */
public final class LoopbackBreakdown {
    private LoopbackBreakdown() {}

    public static void main(String[] args) throws Exception {
        String id = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0));
                RemoteVectorEnv remote =
                        (RemoteVectorEnv)
                                Envs.makeVector(
                                        "grpc://127.0.0.1:" + server.port() + "/" + id, n)) {
            Object actions = remote.actionSpace().sample(new SplittableRandom(0));
            remote.reset(0L, Map.of(), null);
            for (int i = 0; i < warmup; i++) {
                remote.step(actions);
            }
            long[] roundTrip = new long[calls];
            long[] serverPart = new long[calls];
            long[] envPart = new long[calls];
            long cpu0 = workerCpuNanos();
            long process0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                remote.step(actions);
                StepTiming t = remote.lastTiming();
                roundTrip[i] = t.roundTripNanos();
                serverPart[i] = t.serverNanos();
                envPart[i] = t.envNanos();
            }
            double perCall = (System.nanoTime() - t0) / 1e3 / calls;
            double workerCpu = (workerCpuNanos() - cpu0) / 1e3 / calls;
            double processCpu = (processCpuNanos() - process0) / 1e3 / calls;
            try (VectorEnv<Object, Object> local =
                    EnvRegistry.withProviders()
                            .makeVector(id, Map.of(), n, AutoresetMode.NEXT_STEP)) {
                local.reset(0L, Map.of(), null);
                for (int i = 0; i < warmup; i++) {
                    local.step(actions);
                }
                long[] localStep = new long[calls];
                long localProcess0 = processCpuNanos();
                for (int i = 0; i < calls; i++) {
                    long s = System.nanoTime();
                    local.step(actions);
                    localStep[i] = System.nanoTime() - s;
                }
                double localCpu = (processCpuNanos() - localProcess0) / 1e3 / calls;
                System.out.printf(
                        "%s x %d, %d calls (µs): per call %.0f; round trip p50 %.0f mean %.0f;"
                                + " server received to sent p50 %.0f mean %.0f; envs' step on the"
                                + " server p50 %.0f mean %.0f; vector worker CPU per call %.0f;"
                                + " process CPU per call %.0f; the same vector locally p50 %.0f"
                                + " mean %.0f, process CPU per call %.0f%n",
                        id,
                        n,
                        calls,
                        perCall,
                        p50(roundTrip),
                        mean(roundTrip),
                        p50(serverPart),
                        mean(serverPart),
                        p50(envPart),
                        mean(envPart),
                        workerCpu,
                        processCpu,
                        p50(localStep),
                        mean(localStep),
                        localCpu);
            }
        }
    }

    /** CPU time of this whole process so far (client, server and envs: they share the JVM). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the vector envs' worker threads so far. */
    private static long workerCpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("gymbridge-vector-step")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static double p50(long[] x) {
        long[] y = x.clone();
        Arrays.sort(y);
        return y[y.length / 2] / 1e3;
    }

    private static double mean(long[] x) {
        return Arrays.stream(x).average().orElse(0) / 1e3;
    }
}
