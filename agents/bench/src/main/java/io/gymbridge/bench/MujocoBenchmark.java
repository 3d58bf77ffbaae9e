package io.gymbridge.bench;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.envs.mujoco.MujocoEnv;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How fast the MuJoCo envs step, against the limit of this machine: a plain C loop ({@code
 * agents/bench/c/mujoco_loop.c}) doing the same physics on the same library, model, start state and
 * actions. Measured, each as the median of several repetitions run alternately:
 *
 * <ul>
 *   <li>C: {@code mj_step} frame_skip times per step (the plain loop), and with Gymnasium's extra
 *       {@code mj_rnePostConstraint};
 *   <li>one env in this process ({@code env.step}, the whole Java path: action check, ctrl,
 *       physics, observation, reward, info);
 *   <li>16 envs in this process as one vector env, with its steps in the calling thread ({@code
 *       -Dgymbridge.vector.sequential}) and split among the cores (the default);
 *   <li>16 envs per call through a loopback server (its vector session split among the cores);
 *   <li>the same with two sessions of 16 stepped in turn, one call in flight while the other's
 *       answer comes back ({@code stepAsync}/{@code stepWait}, issue 13): still 16 envs per call.
 * </ul>
 *
 * <pre>
 * java -cp CLASSPATH io.gymbridge.bench.MujocoBenchmark [--envs Hopper-v4,HalfCheetah-v4]
 *     [--steps 4000] [--reps 5] [--num-envs 16] [--warmup-seconds 2] [--c-loop PATH]
 * </pre>
 *
 * Each vector and loopback measurement first steps its envs for --warmup-seconds (at least 10
 * batches), so that the JIT has compiled the code of both the client and the server's side: on 2
 * vCPUs it keeps compiling for several seconds, and measured too early the loopback rows show the
 * compiler, not the transport.
 *
 * <p>Without --c-loop the C loop is compiled with gcc into a temporary file.
 */
public final class MujocoBenchmark {
    private MujocoBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> envs = List.of("Hopper-v4", "HalfCheetah-v4", "Ant-v4", "Humanoid-v4");
        int steps = 4000;
        int reps = 5;
        int numEnvs = 16;
        long warmupNanos = 2_000_000_000L; // each vector or loopback row steps this long first
        Path loop = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--envs" -> envs = List.of(args[++i].split(","));
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--num-envs" -> numEnvs = Integer.parseInt(args[++i]);
                case "--c-loop" -> loop = Path.of(args[++i]);
                case "--warmup-seconds" ->
                        warmupNanos = (long) (Double.parseDouble(args[++i]) * 1e9);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (loop == null) {
            loop = compileLoop();
        }
        System.out.printf(
                "MuJoCo env steps per second; medians of %d reps of %d steps (vector rows: %d"
                        + " envs, env steps per second, each after %.1f s of warm-up); %d cores%n%n",
                reps,
                steps,
                numEnvs,
                warmupNanos / 1e9,
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| env | C mj_step | C + rne | Java env | Java / C | vector seq | vector par |"
                        + " par / seq | loopback | loopback / par | 2 in flight | in flight / par |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        EnvRegistry registry = EnvRegistry.withProviders();
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            for (String id : envs) {
                if (!registry.contains(id)) {
                    System.out.println("| " + id + " | not registered here |");
                    continue;
                }
                row(registry, id, steps, reps, numEnvs, warmupNanos, loop, server.port());
            }
        }
    }

    private static void row(
            EnvRegistry registry,
            String id,
            int steps,
            int reps,
            int numEnvs,
            long warmupNanos,
            Path loop,
            int port)
            throws Exception {
        try (Env<Tensor, Tensor> env = registry.make(id, Map.of())) {
            MujocoEnv mj = (MujocoEnv) env.unwrapped();
            mj.reset(0L, Map.of());
            double[] qpos = mj.sim().qpos();
            double[] qvel = mj.sim().qvel();
            int nu = mj.sim().nu();
            Tensor[] actions = new Tensor[steps];
            float[] flat = new float[steps * nu];
            SplittableRandom random = new SplittableRandom(7);
            for (int s = 0; s < steps; s++) {
                float[] a = new float[nu];
                for (int i = 0; i < nu; i++) {
                    a[i] = (float) random.nextDouble(-1, 1);
                    flat[s * nu + i] = a[i];
                }
                actions[s] = Tensor.of(DType.FLOAT32, new int[] {nu}, a);
            }
            Path input = Files.createTempFile("mujoco-bench", ".bin");
            writeInput(input, mj.sim().nq(), mj.sim().nv(), nu, steps, qpos, qvel, flat);
            Path model = mj.sim().path();
            int frameSkip = mj.frameSkip();

            double[] c = new double[reps];
            double[] cRne = new double[reps];
            double[] java = new double[reps];
            for (int r = 0; r < reps; r++) {
                c[r] = runLoop(loop, model, frameSkip, input, false);
                cRne[r] = runLoop(loop, model, frameSkip, input, true);
                java[r] = javaLoop(mj, qpos, qvel, actions);
            }
            double[] seq = new double[reps];
            double[] par = new double[reps];
            double[] remote = new double[reps];
            double[] inFlight = new double[reps];
            int batches = Math.max(4, steps / numEnvs);
            for (int r = 0; r < reps; r++) {
                System.setProperty("gymbridge.vector.sequential", "true");
                seq[r] =
                        vectorLoop(
                                registry.makeVector(id, Map.of(), numEnvs, next()),
                                batches,
                                warmupNanos);
                System.clearProperty("gymbridge.vector.sequential");
                par[r] =
                        vectorLoop(
                                registry.makeVector(id, Map.of(), numEnvs, next()),
                                batches,
                                warmupNanos);
                remote[r] =
                        vectorLoop(
                                Envs.makeVector("grpc://127.0.0.1:" + port + "/" + id, numEnvs),
                                batches,
                                warmupNanos);
                inFlight[r] =
                        pipelinedLoop(
                                Envs.makeVectorGroups(
                                        "grpc://127.0.0.1:" + port + "/" + id, 2 * numEnvs, 2),
                                batches / 2,
                                warmupNanos);
            }
            Files.deleteIfExists(input);
            System.out.printf(
                    "| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f"
                            + " |%n",
                    id,
                    median(c),
                    median(cRne),
                    median(java),
                    median(java) / median(c),
                    median(seq),
                    median(par),
                    median(par) / median(seq),
                    median(remote),
                    median(remote) / median(par),
                    median(inFlight),
                    median(inFlight) / median(par));
        }
    }

    private static AutoresetMode next() {
        return AutoresetMode.NEXT_STEP;
    }

    /** Env steps per second of {@code env.step} over the actions, from the same start state. */
    private static double javaLoop(MujocoEnv env, double[] qpos, double[] qvel, Tensor[] actions) {
        env.reset(0L, Map.of());
        env.sim().setState(qpos, qvel);
        long t0 = System.nanoTime();
        for (Tensor a : actions) {
            env.step(a);
        }
        return actions.length / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Env steps per second of vector envs stepped in turn with one call of each in flight: {@code
     * batches} rounds of random actions each, after the warm-up (at least 10 rounds).
     */
    private static double pipelinedLoop(
            List<VectorEnv<Object, Object>> groups, int batches, long warmupNanos) {
        try {
            int n = groups.get(0).numEnvs();
            Tensor[] batch = randomBatches(groups.get(0), 64);
            for (int g = 0; g < groups.size(); g++) {
                groups.get(g).reset((long) g * n, Map.of(), null);
            }
            int k = 0;
            for (VectorEnv<Object, Object> g : groups) {
                g.stepAsync(batch[k++ % batch.length]);
            }
            long warmEnd = System.nanoTime() + warmupNanos;
            for (int b = 0; b < 10 || System.nanoTime() - warmEnd < 0; b++) {
                for (VectorEnv<Object, Object> g : groups) {
                    g.stepWait();
                    g.stepAsync(batch[k++ % batch.length]);
                }
            }
            long t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                for (VectorEnv<Object, Object> g : groups) {
                    g.stepWait();
                    g.stepAsync(batch[k++ % batch.length]);
                }
            }
            long t1 = System.nanoTime();
            for (VectorEnv<Object, Object> g : groups) {
                g.stepWait();
            }
            return (double) batches * n * groups.size() / ((t1 - t0) / 1e9);
        } finally {
            groups.forEach(VectorEnv::close);
        }
    }

    /** {@code count} batches of uniform actions in [-1, 1] for {@code v}'s envs, seeded. */
    private static Tensor[] randomBatches(VectorEnv<?, ?> v, int count) {
        SplittableRandom random = new SplittableRandom(11);
        int n = v.numEnvs();
        int nu = ((Box) v.singleActionSpace()).shape()[0];
        Tensor[] batch = new Tensor[count];
        for (int b = 0; b < count; b++) {
            float[] a = new float[n * nu];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextDouble(-1, 1);
            }
            batch[b] = Tensor.of(DType.FLOAT32, new int[] {n, nu}, a);
        }
        return batch;
    }

    /** Env steps per second of a vector env: batches of random actions, after the warm-up. */
    @SuppressWarnings("unchecked")
    private static double vectorLoop(VectorEnv<?, ?> vec, int batches, long warmupNanos) {
        try (VectorEnv<Object, Object> v = (VectorEnv<Object, Object>) vec) {
            v.reset(0L, Map.of(), null);
            int n = v.numEnvs();
            Tensor[] batch = randomBatches(v, batches);
            long warmEnd = System.nanoTime() + warmupNanos;
            for (int b = 0; b < 10 || System.nanoTime() - warmEnd < 0; b++) {
                v.step(batch[b % batch.length]);
            }
            long t0 = System.nanoTime();
            for (int b = 0; b < batch.length; b++) {
                v.step(batch[b]);
            }
            return (double) batches * n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double runLoop(Path loop, Path model, int frameSkip, Path input, boolean rne)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                loop.toString(),
                                model.toString(),
                                Integer.toString(frameSkip),
                                input.toString(),
                                "1"));
        if (rne) {
            cmd.add("rne");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the C loop failed: " + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("rep ")) {
                return Double.parseDouble(line.split(" ")[2]);
            }
        }
        throw new IllegalStateException("no timing from the C loop: " + out);
    }

    private static void writeInput(
            Path file,
            int nq,
            int nv,
            int nu,
            int steps,
            double[] qpos,
            double[] qvel,
            float[] actions)
            throws IOException {
        ByteBuffer b =
                ByteBuffer.allocate(16 + 8 * (nq + nv) + 4 * actions.length)
                        .order(ByteOrder.nativeOrder());
        b.putInt(nq).putInt(nv).putInt(nu).putInt(steps);
        for (double x : qpos) {
            b.putDouble(x);
        }
        for (double x : qvel) {
            b.putDouble(x);
        }
        for (float x : actions) {
            b.putFloat(x);
        }
        try (OutputStream o = Files.newOutputStream(file);
                DataOutputStream d = new DataOutputStream(o)) {
            d.write(b.array());
        }
    }

    /** Compiles agents/bench/c/mujoco_loop.c (found from the working directory) with gcc. */
    private static Path compileLoop() throws IOException, InterruptedException {
        Path src = Path.of("agents/bench/c/mujoco_loop.c");
        if (!Files.exists(src)) {
            src = Path.of("c/mujoco_loop.c");
        }
        if (!Files.exists(src)) {
            throw new IllegalStateException(
                    "run from the repository root (agents/bench/c/mujoco_loop.c) or pass --c-loop");
        }
        Path out = Files.createTempFile("mujoco_loop", "");
        Process p =
                new ProcessBuilder("gcc", "-O2", "-o", out.toString(), src.toString(), "-lmujoco")
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("gcc failed: " + log);
        }
        out.toFile().deleteOnExit();
        return out;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
