package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's subcommands, run in this JVM with their output captured. */
class MainTest {
    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(
                    status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void envs_listsTheFiveBundledEnvsWithSpaces() {
        Result r = run("envs");
        assertEquals(0, r.status, r.err);
        for (String id :
                new String[] {
                    "CartPole-v1",
                    "Pendulum-v1",
                    "MountainCar-v0",
                    "MountainCarContinuous-v0",
                    "Acrobot-v1"
                }) {
            assertTrue(r.out.contains(id), r.out);
        }
        assertTrue(r.out.contains("Discrete(2)"), r.out);
        assertTrue(r.out.contains("max_episode_steps: 500"), r.out);
    }

    @Test
    void check_bundledEnvAndRemoteUrl_allPass() {
        Result local = run("check", "Pendulum-v1");
        assertEquals(0, local.status, local.out + local.err);
        assertTrue(local.out.contains("PASS  step before reset"), local.out);
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            Result remote = run("check", "grpc://127.0.0.1:" + server.port() + "/CartPole-v1");
            assertEquals(0, remote.status, remote.out + remote.err);
            assertTrue(remote.out.contains(" 0 failed"), remote.out);
            assertEquals(0, server.sessionCount(), "the checker closes every env it opens");
        }
    }

    @Test
    void check_renderOverGrpc_passesWithRgbFrames() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            Result r =
                    run("check", "--render", "grpc://127.0.0.1:" + server.port() + "/Acrobot-v1");
            assertEquals(0, r.status, r.out + r.err);
            assertTrue(r.out.contains("PASS  render"), r.out);
        }
    }

    @Test
    void check_unknownEnv_failsWithOneClearLine() {
        Result r = run("check", "CartPole-v0");
        assertEquals(1, r.status);
        assertTrue(r.out.contains("FAIL  open"), r.out);
        assertTrue(r.out.contains("CartPole-v1"), r.out);
    }

    @Test
    void checkContract_javaServerOneEnv_everyCasePassesOrSkipsWithAReason() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            Result r =
                    run(
                            "check",
                            "--contract",
                            "grpc://127.0.0.1:" + server.port() + "/CartPole-v1");
            assertEquals(0, r.status, r.out + r.err);
            assertTrue(r.out.contains("PASS  server info: gymbridge-java"), r.out);
            assertTrue(r.out.contains("compared with the bundled envs exactly"), r.out);
            assertTrue(
                    r.out.contains(
                            "PASS  env reset_sameSeed_sameTrajectoryAsLocalEnv[CartPole-v1]"),
                    r.out);
            assertTrue(
                    r.out.contains(
                            "PASS  error make_moreSessionsThanLimit_resourceExhaustedAndFreedByClose"),
                    r.out);
            // the bundled server registers no env that raises, and its lease is 10 minutes
            assertTrue(
                    r.out.contains(
                            "SKIP  error make_constructorThrows_internalWithItsMessage: needs"
                                    + " Exploding-v0"),
                    r.out);
            assertTrue(
                    r.out.contains("SKIP  error lease_idleSession_closedAndThenNotFoundAsExpired"),
                    r.out);
            assertTrue(r.out.contains("44 checks: 41 passed, 0 failed, 3 skipped"), r.out);
            assertEquals(0, server.sessionCount(), "every case closes the sessions it made");
        }
    }

    @Test
    void checkContract_everyListedEnvAndShortLease_noCaseSkippedButTheRaisingOnes() {
        try (GymServer server =
                GymServer.start(
                        ServerOptions.defaults()
                                .withPort(0)
                                .withLimits(8, 16)
                                .withLease(java.time.Duration.ofSeconds(1)))) {
            Result r = run("check", "--contract", "grpc://127.0.0.1:" + server.port());
            assertEquals(0, r.status, r.out + r.err);
            assertTrue(r.out.contains("[Acrobot-v1]"), r.out);
            assertTrue(
                    r.out.contains("PASS  error lease_idleSession_closedAndThenNotFoundAsExpired"),
                    r.out);
            // 13 cases per listed env (the MuJoCo ones too, where MuJoCo is installed) + 18 more
            assertTrue(r.out.contains(" passed, 0 failed, 2 skipped"), r.out);
        }
    }

    @Test
    @SuppressWarnings("try") // the server runs while the check does
    void checkContract_unixSocket_runsTheSuitesOverIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gb-unix");
        java.nio.file.Path socket = dir.resolve("gym.sock");
        try (GymServer server = GymServer.startUnix(socket, ServerOptions.defaults())) {
            Result r = run("check", "--contract", "unix:" + socket + "?env=CartPole-v1");
            assertEquals(0, r.status, r.out + r.err);
            assertTrue(r.out.contains("[CartPole-v1]"), r.out);
            assertTrue(r.out.contains(" 0 failed"), r.out);
        } finally {
            java.nio.file.Files.deleteIfExists(socket);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void checkContract_observationToleranceGiven_usedInsteadOfTheServersDefault() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            Result r =
                    run(
                            "check",
                            "--contract",
                            "--observation-tolerance",
                            "1e-6",
                            "grpc://127.0.0.1:" + server.port() + "/Pendulum-v1");
            assertEquals(0, r.status, r.out + r.err);
            assertTrue(r.out.contains("within 1.0E-6 relative"), r.out);
        }
    }

    @Test
    void checkContract_urlWithParametersOrRender_rejectedWithAMessage() {
        Result params =
                run("check", "--contract", "grpc://127.0.0.1:1/CartPole-v1?max_episode_steps=3");
        assertEquals(2, params.status);
        assertTrue(params.err.contains("no URL parameters"), params.err);
        Result render = run("check", "--contract", "--render", "grpc://127.0.0.1:1/CartPole-v1");
        assertEquals(2, render.status);
        assertTrue(render.err.contains("--render"), render.err);
    }

    @Test
    void checkContract_unreachableServer_failsNamingTheAddress() {
        Result r = run("check", "--contract", "grpc://127.0.0.1:1/CartPole-v1");
        assertEquals(1, r.status);
        assertTrue(r.out.contains("FAIL  server info"), r.out);
        assertTrue(r.out.contains("127.0.0.1:1"), r.out);
    }

    @Test
    void check_unreachableServer_failsNamingTheAddress() {
        Result r = run("check", "grpc://127.0.0.1:1/CartPole-v1");
        assertEquals(1, r.status);
        assertTrue(r.out.contains("127.0.0.1:1"), r.out);
    }

    @Test
    void badFlags_exitNonZeroWithAMessageAndNoStackTrace() {
        Result unknown = run("serve", "--no-such-flag");
        assertEquals(2, unknown.status);
        assertTrue(unknown.err.contains("--no-such-flag"), unknown.err);
        Result executor = run("serve", "--executor", "threads", "--port", "0");
        assertEquals(2, executor.status);
        assertTrue(
                executor.err.startsWith("gymbridge: --executor must be direct or pool"),
                executor.err);
        Result allow = run("serve", "--allow", "CartPol-v1", "--port", "0");
        assertEquals(2, allow.status);
        assertTrue(allow.err.contains("CartPole-v1"), allow.err);
        assertFalse(allow.err.contains("\tat "), allow.err);
    }

    @Test
    void runHelp_ofARealAlgorithm_showsEachFlagsDefaultAndMeaning() {
        Result help = run("run", "sac", "--help");
        assertEquals(0, help.status, help.err);
        assertTrue(
                help.out.matches("(?s).*--lr +0\\.001 +learning rate of the policy's.*"), help.out);
        assertTrue(
                help.out.matches("(?s).*--ac_kwargs:hidden_sizes +\\[256,256\\] +widths.*"),
                help.out);
    }

    @Test
    void bench_helpAndBadFlags_answerWithoutMeasuring() {
        Result help = run("bench", "--help");
        assertEquals(0, help.status, help.err);
        assertTrue(help.out.contains("--target=HOST:PORT"), help.out);
        Result numEnvs = run("bench", "--num-envs", "1,0");
        assertEquals(2, numEnvs.status);
        assertTrue(
                numEnvs.err.startsWith("gymbridge: --num-envs values must be >= 1, got 0"),
                numEnvs.err);
        Result executor = run("bench", "--executor", "threads");
        assertEquals(2, executor.status);
        assertTrue(
                executor.err.startsWith("gymbridge: --executor must be direct or pool"),
                executor.err);
    }

    @Test
    void demo_runsEpisodesAgainstALoopbackServer() {
        Result r = run("demo", "--episodes", "2");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("episode 1 (seed 1)"), r.out);
    }
}
