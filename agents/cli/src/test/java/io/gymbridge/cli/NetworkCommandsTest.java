package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gymbridge.conformance.TestCertificates;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.NetworkOptions;
import io.gymbridge.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve, check and run on a network: the refusal of a plaintext non-loopback bind, the flags in
 * serve --help, and check, check --contract and run against a server with TLS and tokens, whose
 * token never shows in their output or in the run's files.
 */
class NetworkCommandsTest {
    static final String TOKEN = "7f".repeat(32);

    @TempDir static Path dir;
    static TestCertificates pki;
    static GymServer server;
    static String query;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "openssl is not on the PATH");
        pki = TestCertificates.create(dir.resolve("pki"), List.of("localhost", "127.0.0.1"));
        Files.writeString(dir.resolve("tokens.txt"), "trainer " + TOKEN + "\n");
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        server =
                GymServer.start(
                        ServerOptions.defaults()
                                .withPort(0)
                                .withLimits(8, 64)
                                .withLease(Duration.ofSeconds(1)),
                        NetworkOptions.builder()
                                .optTls(pki.serverCert(), pki.serverKey())
                                .optTokens(dir.resolve("tokens.txt"))
                                .build());
        query = "?ca_file=" + pki.caCert() + "&token_file=" + dir.resolve("token");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String url(String envId) {
        return "grpcs://localhost:" + server.port() + envId + query;
    }

    @Test
    void serve_plaintextBeyondLoopback_refusedSayingHowToSetUpTls() {
        Captured.Result r = Captured.main("serve", "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("--tls-cert"), r.err());
        assertTrue(r.err().contains("--insecure"), r.err());
        assertTrue(r.err().contains("docs/network.md"), r.err());
    }

    @Test
    void serve_help_listsTheSecurityFlagsAndLimits() {
        Captured.Result r = Captured.main("serve", "--help");
        for (String flag :
                new String[] {
                    "--tls-cert",
                    "--tls-key",
                    "--tls-client-ca",
                    "--tokens",
                    "--insecure",
                    "--[no-]reflection",
                    "--reload-seconds",
                    "--max-sessions-per-caller",
                    "--max-envs-per-caller",
                    "--max-streams-per-connection",
                    "--keepalive-seconds",
                    "--keepalive-timeout-seconds",
                    "--max-connection-age-seconds",
                    "--max-connection-age-grace-seconds",
                    "--handshake-timeout-seconds"
                }) {
            assertTrue(r.out().contains(flag), flag);
        }
    }

    @Test
    void check_grpcsUrlWithCaAndToken_passesWithoutShowingTheToken() {
        Captured.Result r = Captured.main("check", url("/CartPole-v1"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse((r.out() + r.err()).contains(TOKEN));
    }

    @Test
    void checkContract_grpcsServer_passes() {
        Captured.Result r = Captured.main("check", "--contract", url("/CartPole-v1"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("PASS  server info: gymbridge-java"), r.out());
        assertFalse((r.out() + r.err()).contains(TOKEN));
    }

    @Test
    void check_withoutToken_unauthenticatedOneLine() {
        Captured.Result r =
                Captured.main(
                        "check",
                        "grpcs://localhost:"
                                + server.port()
                                + "/CartPole-v1?ca_file="
                                + pki.caCert());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("UNAUTHENTICATED"), r.out());
    }

    @Test
    void run_grpcsEnv_trainsAndRecordsTheFilePathsNotTheToken() throws IOException {
        Path data = dir.resolve("data");
        Captured.Result r =
                Captured.main(
                        "run",
                        "ppo",
                        "--env",
                        url("/CartPole-v1"),
                        "--epochs",
                        "1",
                        "--steps_per_epoch",
                        "200",
                        "--train_pi_iters",
                        "2",
                        "--train_v_iters",
                        "2",
                        "--hid",
                        "[8]",
                        "--data_dir",
                        data.toString(),
                        "--no-progress");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse((r.out() + r.err()).contains(TOKEN));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text =
                        new String(
                                Files.readAllBytes(f),
                                java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(TOKEN), f.toString());
                if (f.endsWith("config.json")) {
                    assertTrue(text.contains("token_file="), text);
                }
            }
        }
    }
}
