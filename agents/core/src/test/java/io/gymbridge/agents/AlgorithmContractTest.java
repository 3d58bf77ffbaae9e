package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gymbridge.agents.buffers.ReplayBuffer;
import io.gymbridge.agents.checkpoints.PolicyExport;
import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.FastMlp;
import io.gymbridge.agents.nn.Mlp;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.agents.testing.TestEnvs;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import io.gymbridge.env.wrappers.TransformReward;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every registered algorithm must do, written once and run over {@link Algorithms#names()}:
 * tiny runs on both engines that log finite rows and checkpoint; the same progress over a loopback
 * server as in process; an env factory instead of an id; spaces it cannot handle rejected by name;
 * a run that resumes after its env died, reproducibly; and the acting copy of the policy equal to
 * the trained network after an update.
 */
class AlgorithmContractTest {
    private static final List<String> ENGINES = List.of("MXNet", "PyTorch");

    @TempDir Path dir;

    @BeforeAll
    static void registerEnvs() {
        TestEnvs.register();
    }

    @AfterEach
    void heal() {
        TestEnvs.FLAKY_BUDGET.set(Long.MAX_VALUE);
    }

    static Stream<String> algorithms() {
        return Algorithms.names().stream();
    }

    /** The name a run's messages and checkpoints use: NPG runs as TRPO with algo = npg. */
    private static String runName(String algo) {
        return algo.equals("npg") ? "trpo" : algo;
    }

    /**
     * Every algorithm on both engines, on Box actions, and on Discrete ones where it takes them.
     */
    static Stream<Arguments> algorithmEnvEngine() {
        List<Arguments> out = new ArrayList<>();
        for (String algo : Algorithms.names()) {
            for (String engine : ENGINES) {
                out.add(Arguments.of(algo, "Pendulum-v1", engine));
                if (!TinyConfigs.offPolicy(algo)) {
                    out.add(Arguments.of(algo, "CartPole-v1", engine));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> algorithmEngine() {
        return Algorithms.names().stream()
                .flatMap(a -> ENGINES.stream().map(e -> Arguments.of(a, e)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("algorithmEnvEngine")
    void train_twoTinyEpochs_logsTwoFiniteRowsConfigAndCheckpoints(
            String algo, String env, String engine) throws Exception {
        Path out = dir.resolve("run");
        TinyConfigs.train(algo, new RunContext(env, "smoke", out, engine, false, false));

        List<String> lines = Files.readAllLines(out.resolve("progress.txt"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("Epoch\tAverageEpRet\tStdEpRet"), lines.get(0));
        assertTrue(lines.get(2).startsWith("1\t"), lines.get(2));
        for (String row : lines.subList(1, 3)) {
            for (String cell : row.split("\t")) {
                assertTrue(Double.isFinite(Double.parseDouble(cell)), cell + " in " + row);
            }
        }
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"env_name\""));
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-0/state.json")));
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-1/policy.json")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithmEngine")
    void train_overLoopbackServer_sameProgressAsInProcess(String algo, String engine)
            throws Exception {
        // On PyTorch this once failed for SAC, by reading freed memory in backward (see Scalars)
        Path remote = dir.resolve("remote");
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/Pendulum-v1";
            TinyConfigs.train(algo, new RunContext(url, "remote", remote, engine, false, false));
        }
        Path local = dir.resolve("local");
        TinyConfigs.train(
                algo, new RunContext("Pendulum-v1", "local", local, engine, false, false));
        assertSameProgress(local, remote, "the same seeds give the same run wherever the env is");
    }

    static Stream<String> onPolicyAlgorithms() {
        return Algorithms.names().stream().filter(a -> !TinyConfigs.offPolicy(a));
    }

    @ParameterizedTest
    @MethodSource("onPolicyAlgorithms")
    void train_remoteEnvGroupsSteppedInTurn_sameProgressAsOneVectorInProcess(String algo)
            throws Exception {
        // Three envs in groups on their own sessions, one in flight while the policy acts for the
        // next: the same epochs as one vector env of all three, whatever the split (200 steps an
        // epoch: the last batch is stored in part, and episodes end at different steps).
        Path local = dir.resolve("local");
        TinyConfigs.train(
                algo,
                Map.of("num_envs", 3, "env_groups", 1),
                new RunContext("CartPole-v1", "local", local, "MXNet", false, false));
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
            for (int groups : new int[] {0, 2, 3}) {
                Path remote = dir.resolve("remote-" + groups);
                TinyConfigs.train(
                        algo,
                        Map.of("num_envs", 3, "env_groups", groups),
                        new RunContext(url, "remote", remote, "MXNet", false, false));
                assertSameProgress(local, remote, groups + " groups in turn");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void train_onMujoco_overLoopbackServer_sameProgressAsInProcess(String algo) throws Exception {
        io.gymbridge.envs.mujoco.MujocoLibrary.unavailableReason()
                .ifPresent(
                        why -> {
                            if ("true".equals(System.getenv("CI"))) {
                                throw new AssertionError("CI=true: MuJoCo must be usable: " + why);
                            }
                            org.junit.jupiter.api.Assumptions.abort("needs MuJoCo: " + why);
                        });
        Path remote = dir.resolve("remote");
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/InvertedPendulum-v5";
            TinyConfigs.train(algo, new RunContext(url, "remote", remote, "MXNet", false, false));
        }
        Path local = dir.resolve("local");
        TinyConfigs.train(
                algo, new RunContext("InvertedPendulum-v5", "local", local, "MXNet", false, false));
        assertSameProgress(local, remote, "a MuJoCo env trains the same wherever it runs");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void train_envFactory_usedForEveryEnvAndSameAsById(String algo) throws Exception {
        AtomicInteger made = new AtomicInteger();
        Path byFactory = dir.resolve("factory");
        RunContext run =
                new RunContext("pendulum-fn", "f", byFactory, "MXNet", false, false)
                        .withEnvFn(
                                () -> {
                                    made.incrementAndGet();
                                    // a wrapper that changes nothing the algorithm sees
                                    return new TransformReward<>(Envs.make("Pendulum-v1"), r -> r);
                                });
        TinyConfigs.train(algo, run);
        assertTrue(made.get() >= 1, "the factory made the envs");
        assertTrue(Files.readString(byFactory.resolve("config.json")).contains("pendulum-fn"));
        Path byId = dir.resolve("id");
        TinyConfigs.train(algo, new RunContext("Pendulum-v1", "i", byId, "MXNet", false, false));
        assertSameProgress(byId, byFactory, "an env factory trains as the id does");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void train_actionSpaceItCannotHandle_illegalArgumentNamingAlgorithmAndSpace(String algo) {
        // Dict actions for all; Discrete ones too for the off-policy algorithms (Box only)
        List<String> envs = new ArrayList<>(List.of(TestEnvs.DICT_ACTION));
        if (TinyConfigs.offPolicy(algo)) {
            envs.add("CartPole-v1");
        }
        for (String env : envs) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    TinyConfigs.train(
                                            algo,
                                            new RunContext(
                                                    env,
                                                    "x",
                                                    dir.resolve(env),
                                                    "MXNet",
                                                    false,
                                                    false)));
            assertTrue(
                    e.getMessage().startsWith(runName(algo) + " cannot handle action space"),
                    e.getMessage());
            assertTrue(
                    e.getMessage().contains(env.equals("CartPole-v1") ? "Discrete(2)" : "Dict("),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void resume_afterEnvDiedInThirdEpoch_continuesThereReproducibly(String algo) throws Exception {
        boolean offPolicy = TinyConfigs.offPolicy(algo);
        Path interrupted = dir.resolve("interrupted");
        // epochs of 200 steps (off-policy: plus one test episode of 100); the third dies midway
        TestEnvs.FLAKY_BUDGET.set(offPolicy ? 650 : 450);
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> TinyConfigs.train(algo, 3, flaky(interrupted, false)));
        assertEquals(EnvException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains(runName(algo) + " stopped in epoch 2"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch-1"), e.getMessage());
        assertEquals(3, Files.readAllLines(interrupted.resolve("progress.txt")).size());
        if (offPolicy) {
            assertTrue(
                    Files.exists(interrupted.resolve("checkpoints/epoch-1/" + ReplayBuffer.FILE)),
                    "the replay buffer, in the latest checkpoint");
            assertFalse(
                    Files.exists(interrupted.resolve("checkpoints/epoch-0/" + ReplayBuffer.FILE)),
                    "only the latest checkpoint keeps a replay buffer");
        }

        Path again = dir.resolve("again");
        copyTree(interrupted, again);
        TestEnvs.FLAKY_BUDGET.set(Long.MAX_VALUE);
        TinyConfigs.train(algo, 3, flaky(interrupted, true));
        List<String> resumed = Files.readAllLines(interrupted.resolve("progress.txt"));
        assertEquals(4, resumed.size(), String.join("\n", resumed));
        for (int epoch = 0; epoch < 3; epoch++) {
            assertTrue(resumed.get(epoch + 1).startsWith(epoch + "\t"), resumed.get(epoch + 1));
        }
        assertTrue(resumed.get(3).contains("\t600\t"), "TotalEnvInteracts continues");

        // The same checkpoint resumed again gives the same row: a resumed run is reproducible
        // (not the uninterrupted run's: an env's state cannot be saved, episodes start afresh).
        TinyConfigs.train(algo, 3, flaky(again, true));
        List<String> twice = Files.readAllLines(again.resolve("progress.txt"));
        assertEquals(
                ResumeTest.withoutTimes(resumed.get(0), resumed.get(3)),
                ResumeTest.withoutTimes(twice.get(0), twice.get(3)));
    }

    /**
     * After the last update, the plain-Java copy the algorithm acts with (exported live as the
     * checkpoint's policy.json) computes what the trained DJL network (the checkpoint's parameters)
     * computes: an update that forgot to refresh the copy would act with stale weights.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithmEngine")
    void actingCopy_afterTheLastUpdate_equalsTheTrainedNetwork(String algo, String engine)
            throws Exception {
        Path out = dir.resolve("run");
        Record config = TinyConfigs.config(algo, 2);
        TinyConfigs.train(algo, 2, new RunContext("Pendulum-v1", "a", out, engine, false, false));
        Path checkpoint = out.resolve("checkpoints/epoch-1");
        FastMlp acting = PolicyExport.read(checkpoint.resolve("policy.json"), new Rng(0)).network();
        AcKwargs kwargs =
                Hyperparameters.MAPPER.treeToValue(
                        Hyperparameters.tree(config).get("ac_kwargs"), AcKwargs.class);

        int n = 16;
        float[] obs = new float[n * acting.inputSize()];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) random.nextDouble(-1.5, 1.5);
        }
        float[] expected;
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray x = HostArrays.create(m, obs, new Shape(n, acting.inputSize()));
            if (TinyConfigs.offPolicy(algo)) {
                Mlp pi =
                        new Mlp(
                                m,
                                acting.inputSize(),
                                acting.outputSize(),
                                kwargs,
                                new Rng(1),
                                false);
                pi.load(checkpoint.resolve("pi.params"));
                expected = pi.forward(x).toFloatArray();
            } else {
                try (Env<Object, Object> env = Envs.make("Pendulum-v1");
                        MlpActorCritic ac =
                                new MlpActorCritic(
                                        m,
                                        env.observationSpace(),
                                        env.actionSpace(),
                                        kwargs,
                                        algo,
                                        new Rng(1))) {
                    ac.load(checkpoint);
                    expected = ac.piOutput(x).toFloatArray();
                }
            }
        }
        float[] actual = new float[n * acting.outputSize()];
        acting.forward(obs, 0, n, actual, 0);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(
                    expected[i],
                    actual[i],
                    1e-5 * Math.max(1, Math.abs(expected[i])),
                    "output " + i);
        }
        // and it is not trivially so: the trained network is not the initial one
        Path fresh = dir.resolve("fresh");
        TinyConfigs.train(algo, 1, new RunContext("Pendulum-v1", "f", fresh, engine, false, false));
        FastMlp first =
                PolicyExport.read(fresh.resolve("checkpoints/epoch-0/policy.json"), new Rng(0))
                        .network();
        float[] early = new float[actual.length];
        first.forward(obs, 0, n, early, 0);
        assertFalse(java.util.Arrays.equals(early, actual), "two epochs changed the policy");
    }

    private static RunContext flaky(Path out, boolean resume) {
        return new RunContext(TestEnvs.FLAKY_PENDULUM, "r", out, "MXNet", resume, false);
    }

    private static void assertSameProgress(Path expected, Path actual, String why)
            throws Exception {
        List<String> a = Files.readAllLines(actual.resolve("progress.txt"));
        List<String> b = Files.readAllLines(expected.resolve("progress.txt"));
        assertEquals(b.size(), a.size(), String.join("\n", a));
        for (int row = 1; row < b.size(); row++) {
            assertEquals(
                    ResumeTest.withoutTimes(b.get(0), b.get(row)),
                    ResumeTest.withoutTimes(a.get(0), a.get(row)),
                    why);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
