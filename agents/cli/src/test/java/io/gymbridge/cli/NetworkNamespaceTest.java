package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gymbridge.conformance.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gymbridge serve} and the Python adapter on a real non-loopback address, reached from
 * another machine: two network namespaces made by the test ({@code ip netns}), joined by a veth
 * pair, the server on 10.77.0.1 in one and the clients in the other at 10.77.0.2. Needs root (CI
 * runs as root); where namespaces cannot be made it is skipped with the reason, and fails under
 * {@code CI=true}.
 */
class NetworkNamespaceTest {
    static final String TOKEN = "5e".repeat(32);
    static final String SERVER_IP = "10.77.0.1";
    static final String CLIENT_IP = "10.77.0.2";

    @TempDir Path dir;
    final String id = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    final String serverNs = "gb-srv-" + id;
    final String clientNs = "gb-cli-" + id;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        run("ip", "netns", "del", serverNs); // takes its end of the veth pair with it
        run("ip", "netns", "del", clientNs);
        run("ip", "link", "del", "gbv" + id + "s"); // left in this namespace if a move failed
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void serve_onANonLoopbackAddress_reachedFromAnotherNamespaceOnlyWithItsCredentials(
            String server) throws Exception {
        boolean python = server.equals("python");
        makeNamespaces();
        assumeTrue(TestCertificates.opensslAvailable(), "openssl is not on the PATH");
        TestCertificates pki = TestCertificates.create(dir.resolve("pki"), List.of(SERVER_IP));
        TestCertificates.Pair robot = pki.client("robot-1");
        Path tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, "robot-1 " + TOKEN + "\n");
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");

        // Without TLS the server refuses the address, saying how to set it up.
        Result refused = run(serverCommand(python, "--host", SERVER_IP, "--port", "50051"));
        assertEquals(2, refused.status, refused.output);
        assertTrue(refused.output.contains("--tls-cert"), refused.output);

        Process process =
                start(
                        python,
                        "--host",
                        SERVER_IP,
                        "--port",
                        "50051",
                        "--tls-cert",
                        pki.serverCert().toString(),
                        "--tls-key",
                        pki.serverKey().toString(),
                        "--tls-client-ca",
                        pki.caCert().toString(),
                        "--tokens",
                        tokens.toString());
        String line =
                new BufferedReader(
                                new InputStreamReader(
                                        process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
        assertNotNull(line, "the server printed nothing: " + serverErrors());
        assertTrue(line.contains("listening on " + SERVER_IP + ":50051"), line);
        if (!python) {
            assertTrue(line.contains("TLS, client certificates required, bearer tokens"), line);
        }

        String base = "grpcs://" + SERVER_IP + ":50051/CartPole-v1?ca_file=" + pki.caCert();
        String certs = "&cert_file=" + robot.cert() + "&key_file=" + robot.key();

        Result good = cli(clientNs, "check", base + certs + "&token_file=" + token);
        assertEquals(0, good.status, good.output);
        assertFalse(good.output.contains(TOKEN), good.output);

        Result noToken = cli(clientNs, "check", base + certs);
        assertEquals(1, noToken.status, noToken.output);
        assertTrue(noToken.output.contains("UNAUTHENTICATED"), noToken.output);

        Result noCertificate = cli(clientNs, "check", base + "&token_file=" + token);
        assertEquals(1, noCertificate.status, noCertificate.output);
        assertTrue(noCertificate.output.contains("UNAVAILABLE"), noCertificate.output);

        Result plaintext =
                cli(
                        clientNs,
                        "check",
                        "grpc://" + SERVER_IP + ":50051/CartPole-v1?token_file=" + token);
        assertEquals(1, plaintext.status, plaintext.output);
        assertTrue(plaintext.output.contains("INVALID_ARGUMENT"), plaintext.output);
        assertTrue(plaintext.output.contains("not loopback"), plaintext.output);
        assertFalse(plaintext.output.contains(TOKEN), plaintext.output);
    }

    /** Two namespaces joined by a veth pair, or a skip (a failure under CI=true) saying why. */
    private void makeNamespaces() throws Exception {
        String veth = "gbv" + id;
        String[][] steps = {
            {"ip", "netns", "add", serverNs},
            {"ip", "netns", "add", clientNs},
            {"ip", "link", "add", veth + "s", "type", "veth", "peer", "name", veth + "c"},
            {"ip", "link", "set", veth + "s", "netns", serverNs},
            {"ip", "link", "set", veth + "c", "netns", clientNs},
            {"ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", veth + "s"},
            {"ip", "-n", clientNs, "addr", "add", CLIENT_IP + "/24", "dev", veth + "c"},
            {"ip", "-n", serverNs, "link", "set", veth + "s", "up"},
            {"ip", "-n", clientNs, "link", "set", veth + "c", "up"},
            {"ip", "-n", serverNs, "link", "set", "lo", "up"},
            {"ip", "-n", clientNs, "link", "set", "lo", "up"},
        };
        for (String[] step : steps) {
            Result r = run(step);
            if (r.status != 0) {
                String why =
                        "cannot make network namespaces here ("
                                + String.join(" ", step)
                                + ": "
                                + r.output.strip()
                                + "); this test needs root and iproute2, as in CI";
                if ("true".equals(System.getenv("CI"))) {
                    fail(why);
                }
                assumeTrue(false, why);
            }
        }
    }

    private record Result(int status, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        try {
            return run(new ProcessBuilder(command));
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
    }

    private static List<String> java(String namespace, String... args) {
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                namespace,
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                classpath,
                                "io.gymbridge.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static Result cli(String namespace, String... args) throws Exception {
        return run(java(namespace, args).toArray(String[]::new));
    }

    /**
     * The Java server ({@code serve ARGS}) or the Python adapter with ARGS, in the server's
     * namespace.
     */
    private ProcessBuilder serverCommand(boolean python, String... args) {
        if (!python) {
            List<String> serve = new ArrayList<>(List.of("serve"));
            serve.addAll(List.of(args));
            return new ProcessBuilder(java(serverNs, serve.toArray(String[]::new)));
        }
        Path adapter =
                Path.of("").toAbsolutePath().resolve("../../envserver-adapters/python").normalize();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                serverNs,
                                python(adapter),
                                "-m",
                                "gymbridge_server",
                                "--import",
                                "gym_api_envs"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PYTHONPATH", adapter.resolve("src") + ":" + adapter.resolve("tests"));
        return pb;
    }

    /** A Python that runs the adapter (its find_python.sh), or a skip (a failure under CI). */
    private static String python(Path adapter) {
        try {
            Process p =
                    new ProcessBuilder(adapter.resolve("find_python.sh").toString())
                            .redirectErrorStream(false)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isBlank()) {
                return out.strip();
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the skip
        }
        String why =
                "no Python 3 with grpc, protobuf and numpy for the Python adapter: apt-get install"
                        + " python3-grpcio python3-protobuf python3-numpy";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(false, why);
        return null;
    }

    private String serverErrors() {
        try {
            return Files.readString(dir.resolve("server.err"));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(124, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }

    private Process start(boolean python, String... args) throws IOException {
        Process p =
                serverCommand(python, args)
                        .redirectError(dir.resolve("server.err").toFile())
                        .start();
        processes.add(p);
        return p;
    }
}
