package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.gymbridge.conformance.TestCertificates;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.grpc.ChannelSecurity;
import io.gymbridge.grpc.EmergencyStops;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens over TLS on a loopback port: a good token, a missing one, a wrong one (the same
 * answer for both), a tokens file changed while the server runs, and tokens kept out of URLs and
 * messages.
 */
class TokenTest {
    static final String ALICE = "a1".repeat(32);
    static final String BOB = "b2".repeat(32);

    @TempDir static Path pkiDir;
    static TestCertificates pki;

    @TempDir Path dir;
    Path tokens;
    GymServer server;

    @BeforeAll
    static void makeCertificates() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "openssl is not on the PATH");
        pki = TestCertificates.create(pkiDir, TlsTest.NAMES);
    }

    @BeforeEach
    void start() throws IOException {
        tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, "# test tokens\nalice " + ALICE + "\n\nbob\t" + BOB + "\n");
        server =
                GymServer.start(
                        ServerOptions.defaults().withPort(0),
                        NetworkOptions.builder()
                                .optTls(pki.serverCert(), pki.serverKey())
                                .optTokens(tokens)
                                .optReloadPeriod(Duration.ofHours(1))
                                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client token file holding {@code token}. */
    Path tokenFile(String name, String token) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, token + "\n");
        return f;
    }

    String url(Path tokenFile) {
        return "grpcs://localhost:"
                + server.port()
                + "/CartPole-v1?ca_file="
                + pki.caCert()
                + (tokenFile == null ? "" : "&token_file=" + tokenFile);
    }

    static void stepOnce(String url) {
        try (Env<Object, Object> env = Envs.make(url)) {
            env.reset(1L);
            env.step(0);
        }
    }

    @Test
    void token_good_steps() throws IOException {
        stepOnce(url(tokenFile("alice", ALICE)));
    }

    @Test
    void token_missingOrWrong_unauthenticatedWithOneMessageNamingNeither() throws IOException {
        EnvException missing = assertThrows(EnvException.class, () -> stepOnce(url(null)));
        String wrongToken = "c3".repeat(32);
        EnvException wrong =
                assertThrows(
                        EnvException.class, () -> stepOnce(url(tokenFile("wrong", wrongToken))));
        assertEquals(EnvException.Code.UNAUTHENTICATED, missing.code(), missing.toString());
        assertEquals(EnvException.Code.UNAUTHENTICATED, wrong.code(), wrong.toString());
        assertEquals(missing.description(), wrong.description());
        assertEquals(CallerInterceptor.UNAUTHENTICATED, wrong.description());
        assertFalse(wrong.getMessage().contains(wrongToken), wrong.getMessage());
    }

    @Test
    void token_tokensFileChanged_newTokensTakenOldOnesRefused() throws IOException {
        Path aliceOld = tokenFile("alice-old", ALICE);
        String rotated = "d4".repeat(32);
        Path aliceNew = tokenFile("alice-new", rotated);
        stepOnce(url(aliceOld));

        Files.writeString(tokens, "alice " + rotated + "\nbob " + BOB + "\n");
        server.reloadCredentials();
        EnvException e = assertThrows(EnvException.class, () -> stepOnce(url(aliceOld)));
        assertEquals(EnvException.Code.UNAUTHENTICATED, e.code(), e.toString());
        stepOnce(url(aliceNew));

        // A broken tokens file (a token too short) is not taken: the tokens in use stay.
        Files.writeString(tokens, "alice short\n");
        server.reloadCredentials();
        stepOnce(url(aliceNew));
    }

    @Test
    void token_clientFileRotated_newTokenSentOnTheSameChannel() throws Exception {
        Path file = tokenFile("alice", ALICE);
        ManagedChannel channel =
                ChannelSecurity.of(
                                "grpcs",
                                "localhost",
                                Map.of(
                                        "ca_file",
                                        pki.caCert().toString(),
                                        "token_file",
                                        file.toString()))
                        .newChannel("localhost:" + server.port());
        try {
            serverInfo(channel);
            String rotated = "e5".repeat(32);
            Files.writeString(tokens, "alice " + rotated + "\n");
            server.reloadCredentials();
            Files.writeString(file, rotated + "\n");
            Thread.sleep(1100); // the client looks at the file at most once a second
            serverInfo(channel);
        } finally {
            channel.shutdownNow();
        }
    }

    private static void serverInfo(ManagedChannel channel) {
        EnvServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getServerInfo(GetServerInfoRequest.getDefaultInstance());
    }

    @Test
    void token_overPlaintextOnLoopback_accepted() throws IOException {
        Files.writeString(tokens, "alice " + ALICE + "\n");
        try (GymServer plain =
                GymServer.start(
                        ServerOptions.defaults().withPort(0),
                        NetworkOptions.builder().optTokens(tokens).build())) {
            stepOnce(
                    "grpc://127.0.0.1:"
                            + plain.port()
                            + "/CartPole-v1?token_file="
                            + tokenFile("alice", ALICE));
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> stepOnce("grpc://127.0.0.1:" + plain.port() + "/CartPole-v1"));
            assertEquals(EnvException.Code.UNAUTHENTICATED, e.code(), e.toString());
        }
    }

    @Test
    void estopAllCallers_byAnOperator_stopsEveryCallersSessions_byOthersPermissionDenied()
            throws IOException {
        try (GymServer plain =
                GymServer.start(
                        ServerOptions.defaults().withPort(0),
                        NetworkOptions.builder()
                                .optTokens(tokens)
                                .optOperators(Set.of("token:alice"))
                                .build())) {
            String base = "grpc://127.0.0.1:" + plain.port() + "/CartPole-v1?token_file=";
            EnvAddress alice = EnvAddress.parse(base + tokenFile("alice", ALICE));
            EnvAddress bob = EnvAddress.parse(base + tokenFile("bob", BOB));
            try (RemoteVectorEnv bobs = RemoteVectorEnv.open(bob)) {
                bobs.reset(0);
                Duration t = Duration.ofSeconds(5);
                EnvException denied =
                        assertThrows(
                                EnvException.class,
                                () -> EmergencyStops.stop(bob, "", "", true, t));
                assertEquals(EnvException.Code.PERMISSION_DENIED, denied.code());
                assertTrue(denied.getMessage().contains("token:bob"), denied.getMessage());
                // alice stops nothing of her own, and bob's session among every caller's
                assertEquals(0, EmergencyStops.stop(alice, "", "", false, t));
                assertEquals(1, EmergencyStops.stop(alice, "", "cell", true, t));
                EnvException stopped =
                        assertThrows(EnvException.class, () -> bobs.step(Tensor.ofLongs(0)));
                assertTrue(stopped.getMessage().contains("emergency stop: cell"));
            }
        }
    }

    @Test
    void health_withoutToken_answers() {
        ManagedChannel channel =
                ChannelSecurity.of("grpcs", "localhost", Map.of("ca_file", pki.caCert().toString()))
                        .newChannel("localhost:" + server.port());
        try {
            assertEquals(
                    HealthCheckResponse.ServingStatus.SERVING,
                    HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void client_tokenOverPlaintextToAnotherMachine_refusedBeforeConnecting() throws IOException {
        Path file = tokenFile("alice", ALICE);
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> Envs.make("grpc://192.0.2.7:50051/CartPole-v1?token_file=" + file));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("grpcs://"), e.getMessage());
        assertFalse(e.getMessage().contains(ALICE), e.getMessage());
    }

    @Test
    void url_withTokenOrPassword_refusedWithoutRepeatingIt() {
        for (String url :
                new String[] {
                    "grpcs://gpu-1:50051/CartPole-v1?token=" + ALICE,
                    "grpcs://alice:" + ALICE + "@gpu-1:50051/CartPole-v1"
                }) {
            EnvException e = assertThrows(EnvException.class, () -> EnvAddress.parse(url));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
            assertFalse(e.getMessage().contains(ALICE), e.getMessage());
            assertTrue(e.getMessage().contains("token_file"), e.getMessage());
        }
    }
}
