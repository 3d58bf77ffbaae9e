package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.Algorithms;
import io.gymbridge.agents.RunContext;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gymbridge run}: its error lines through Main, its runs with a fake algorithm. */
class RunCommandTest {
    @TempDir Path tmp;

    /** The first real algorithm: for errors that come before any training. */
    private static String someAlgorithm() {
        return Algorithms.names().get(0);
    }

    private static void assertOneLine(Captured.Result r, String start) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("gymbridge: " + start), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private RunCommand fakeRun(Algorithm<?> fake) {
        return new RunCommand(
                name -> {
                    if (!name.equals(fake.name())) {
                        throw new IllegalArgumentException("unknown algorithm '" + name + "'");
                    }
                    return fake;
                },
                () -> List.of(fake.name()));
    }

    @Test
    void run_unknownAlgorithm_oneLine() {
        Captured.Result r = Captured.main("run", "nosuch", "--env", "CartPole-v1");
        assertOneLine(r, "");
        assertTrue(r.err().contains("nosuch"), r.err());
    }

    @Test
    void run_malformedHid_oneLine() {
        assertOneLine(
                Captured.main("run", someAlgorithm(), "--env", "CartPole-v1", "--hid", "64"),
                "--hid: expected a list of integers like [64,64], got 64");
    }

    @Test
    void run_unknownFlag_oneLineNamingIt() {
        assertOneLine(
                Captured.main(
                        "run", someAlgorithm(), "--env", "CartPole-v1", "--no_such_flag", "1"),
                "--no_such_flag: unknown flag for " + someAlgorithm());
    }

    @Test
    void run_unknownEnv_oneLine() {
        assertOneLine(
                Captured.main("run", someAlgorithm(), "--env", "CartPol-v1"),
                "--env CartPol-v1: NOT_FOUND");
    }

    @Test
    void run_unreachableServer_oneLine() {
        Captured.Result r =
                Captured.main("run", someAlgorithm(), "--env", "grpc://127.0.0.1:1/CartPole-v1");
        assertOneLine(r, "--env grpc://127.0.0.1:1/CartPole-v1: UNAVAILABLE");
    }

    @Test
    void run_withoutAlgorithmOrWithBadFlags_oneLine() {
        assertOneLine(Captured.main("run"), "give the algorithm first");
        assertOneLine(Captured.main("run", "--env", "CartPole-v1"), "give the algorithm first");
        assertOneLine(
                Captured.main("run", someAlgorithm(), "CartPole-v1"),
                "expected a flag before 'CartPole-v1'");
        assertOneLine(
                Captured.main("run", someAlgorithm(), "--env", "CartPole-v1", "--engine", "tf"),
                "--engine must be MXNet or PyTorch");
        assertOneLine(
                Captured.main("run", "--resume", tmp.toString(), "--seed", "1"),
                "--resume continues a run as it was configured: drop --seed");
        assertOneLine(
                Captured.main("run", "--resume", tmp.resolve("none").toString()),
                "--resume: no run directory");
    }

    @Test
    void run_withoutEngine_usesTheAlgorithmsDefault_andEngineFlagWins() {
        FakeAlgorithm fake =
                new FakeAlgorithm() {
                    @Override
                    public String defaultEngine() {
                        return "PyTorch";
                    }
                };
        Captured.Result r =
                Captured.command(
                        fakeRun(fake),
                        "fake",
                        "--env",
                        "CartPole-v1",
                        "--data_dir",
                        tmp.toString(),
                        "--no-progress");
        assertEquals(0, r.status(), r.out() + r.thrown());
        assertEquals("PyTorch", fake.runs.get(0).engine());
        Captured.Result explicit =
                Captured.command(
                        fakeRun(fake),
                        "fake",
                        "--env",
                        "CartPole-v1",
                        "--engine",
                        "mxnet",
                        "--data_dir",
                        tmp.resolve("b").toString(),
                        "--no-progress");
        assertEquals(0, explicit.status(), explicit.out() + explicit.thrown());
        assertEquals("MXNet", fake.runs.get(1).engine());
        assertEquals("PyTorch", io.gymbridge.agents.Algorithms.get("sac").defaultEngine());
        assertEquals("PyTorch", io.gymbridge.agents.Algorithms.get("td3").defaultEngine());
        assertEquals("PyTorch", io.gymbridge.agents.Algorithms.get("ddpg").defaultEngine());
        for (String onPolicy : List.of("ppo", "vpg", "trpo", "npg")) {
            assertEquals("PyTorch", io.gymbridge.agents.Algorithms.get(onPolicy).defaultEngine());
        }
    }

    @Test
    void run_grid_listsExperimentsAndTrainsEachInItsDirectory() {
        FakeAlgorithm fake = new FakeAlgorithm();
        Captured.Result r =
                Captured.command(
                        fakeRun(fake),
                        "fake",
                        "--env",
                        "CartPole-v1",
                        "--seed",
                        "0",
                        "10",
                        "--hid[h]",
                        "[8]",
                        "[16,16]",
                        "--data_dir",
                        tmp.toString(),
                        "--no-progress");
        assertEquals(0, r.status(), r.out() + r.thrown());
        assertTrue(
                r.out().contains("Preparing to run the following experiments (fake, 4 runs):"),
                r.out());
        assertTrue(r.out().contains("  cmd_fake_h8  (seeds 0, 10)"), r.out());
        assertTrue(r.out().contains("  cmd_fake_h16-16  (seeds 0, 10)"), r.out());
        assertEquals(4, fake.runs.size());
        RunContext first = fake.runs.get(0);
        assertEquals(
                new RunContext(
                        "CartPole-v1",
                        "cmd_fake_h8",
                        tmp.resolve("cmd_fake_h8/cmd_fake_h8_s0"),
                        "MXNet",
                        false,
                        false),
                first);
        assertEquals(
                List.of(16, 16),
                fake.configs.get(1).acKwargs().hiddenSizes()); // hid varies fastest
        assertTrue(Files.exists(tmp.resolve("cmd_fake_h16-16/cmd_fake_h16-16_s10/progress.txt")));
    }

    @Test
    void run_unsupportedSpace_endsWithTheAlgorithmsIllegalArgument() {
        FakeAlgorithm fake = new FakeAlgorithm("fake does not handle MultiBinary action spaces");
        Captured.Result r =
                Captured.command(
                        fakeRun(fake),
                        "fake",
                        "--env",
                        "CartPole-v1",
                        "--data_dir",
                        tmp.toString());
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, r.thrown());
        assertEquals("fake does not handle MultiBinary action spaces", e.getMessage());
    }

    @Test
    void run_help_listsTheGrammarAndTheAlgorithmsFlags() {
        Captured.Result r = Captured.command(fakeRun(new FakeAlgorithm()), "fake", "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Grammar:"), r.out());
        assertTrue(r.out().contains("Flags of fake (default, then meaning):"), r.out());
        assertTrue(r.out().matches("(?s).*--ac_kwargs:hidden_sizes +\\[64,64\\].*"), r.out());
        assertTrue(r.out().matches("(?s).*--clip_ratio +0.2.*"), r.out());
    }

    @Test
    void run_resume_continuesTheRunAsConfigured() throws Exception {
        FakeAlgorithm fake = new FakeAlgorithm();
        Captured.command(
                fakeRun(fake),
                "fake",
                "--env",
                "CartPole-v1",
                "--epochs",
                "3",
                "--exp_name",
                "e",
                "--data_dir",
                tmp.toString());
        Path dir = tmp.resolve("e/e_s0");
        Captured.Result r =
                Captured.command(fakeRun(fake), "--resume", dir.toString(), "--engine", "pytorch");
        assertEquals(0, r.status(), r.out() + r.thrown());
        assertTrue(r.out().contains("Resuming fake run e in " + dir), r.out());
        assertEquals(
                new RunContext("CartPole-v1", "e", dir, "PyTorch", true, false), fake.runs.get(1));
        assertEquals(3, fake.configs.get(1).epochs());

        String json = Files.readString(dir.resolve("config.json"));
        Files.writeString(
                dir.resolve("config.json"), json.replaceFirst("\\{", "{\"engine\":\"PyTorch\","));
        Captured.Result sameEngine = Captured.command(fakeRun(fake), "--resume", dir.toString());
        assertEquals(0, sameEngine.status(), sameEngine.out() + sameEngine.thrown());
        assertEquals("PyTorch", fake.runs.get(2).engine(), "a resumed run keeps its engine");

        Captured.Result other = Captured.command(fakeRun(fake), "vpg", "--resume", dir.toString());
        assertEquals(
                "--resume: " + dir + " was trained with fake, not vpg",
                other.thrown().getMessage());
    }

    @Test
    void run_remoteEnvAtOneEnv_saysOnceWhatMoreEnvsWouldGive() {
        try (GymServer server =
                io.gymbridge.server.GymServer.start(
                        io.gymbridge.server.ServerOptions.defaults().withPort(0))) {
            String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
            String note = "Note: the env is remote and num_envs is 1";
            for (String numEnvs : List.of("1", "4")) {
                Captured.Result r =
                        Captured.main(
                                "run",
                                "ppo",
                                "--env",
                                url,
                                "--num_envs",
                                numEnvs,
                                "--epochs",
                                "1",
                                "--steps_per_epoch",
                                "100",
                                "--train_pi_iters",
                                "1",
                                "--train_v_iters",
                                "1",
                                "--data_dir",
                                tmp.resolve("n" + numEnvs).toString(),
                                "--no-progress");
                assertEquals(0, r.status(), r.out() + r.thrown());
                int count = r.out().split(java.util.regex.Pattern.quote(note), -1).length - 1;
                assertEquals(numEnvs.equals("1") ? 1 : 0, count, r.out());
            }
        }
    }

    @Test
    void estop_stopsTheCallersSessions_stepsRefusedUntilReset() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0));
                Env<Object, Object> env =
                        Envs.make("grpc://127.0.0.1:" + server.port() + "/CartPole-v1")) {
            env.reset(0);
            env.step(1L);
            Captured.Result r =
                    Captured.main(
                            "estop", "grpc://127.0.0.1:" + server.port(), "--reason", "test stop");
            assertEquals(0, r.status(), r.out() + r.thrown());
            assertTrue(r.out().contains("stopped 1 session(s)"), r.out());
            EnvException refused =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            EnvException.class, () -> env.step(1L));
            assertTrue(
                    refused.getMessage().contains("emergency stop: test stop"),
                    refused.getMessage());
            env.reset(1);
            env.step(0L);
            Captured.Result unknown =
                    Captured.main(
                            "estop", "grpc://127.0.0.1:" + server.port(), "--session", "nope");
            assertEquals(1, unknown.status(), unknown.out());
        }
    }
}
