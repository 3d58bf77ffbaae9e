package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.BlockingClientCall;
import io.gymbridge.conformance.TestCertificates;
import io.gymbridge.grpc.ChannelSecurity;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.ServerInfo;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.wire.ProtoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions belong to their caller: another caller (another token, another client certificate) hears
 * NOT_FOUND for them, word for word as for an id never made, over unary calls and the stream; its
 * Close does nothing; and each caller has its own share of the limits.
 */
class CallerIsolationTest {
    @TempDir static Path dir;
    static TestCertificates pki;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "openssl is not on the PATH");
        pki = TestCertificates.create(dir.resolve("pki"), TlsTest.NAMES);
        Files.writeString(
                dir.resolve("tokens.txt"),
                "alice " + TokenTest.ALICE + "\nbob " + TokenTest.BOB + "\n");
        Files.writeString(dir.resolve("alice.token"), TokenTest.ALICE);
        Files.writeString(dir.resolve("bob.token"), TokenTest.BOB);
    }

    static NetworkOptions.Builder tokens() {
        return NetworkOptions.builder()
                .optTls(pki.serverCert(), pki.serverKey())
                .optTokens(dir.resolve("tokens.txt"));
    }

    static ManagedChannel channel(GymServer server, Map<String, String> credentials) {
        Map<String, String> p = new HashMap<>(credentials);
        p.put("ca_file", pki.caCert().toString());
        return ChannelSecurity.of("grpcs", "localhost", p).newChannel("localhost:" + server.port());
    }

    static Map<String, String> token(String name) {
        return Map.of("token_file", dir.resolve(name + ".token").toString());
    }

    static EnvServiceGrpc.EnvServiceBlockingStub stub(ManagedChannel c) {
        return EnvServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static String make(ManagedChannel c, int numEnvs) {
        return stub(c).make(
                        MakeRequest.newBuilder()
                                .setEnvId("CartPole-v1")
                                .setNumEnvs(numEnvs)
                                .build())
                .getSessionId();
    }

    @Test
    void tokens_otherCallersSession_notFoundExactlyAsAnUnknownId() {
        try (GymServer server =
                GymServer.start(ServerOptions.defaults().withPort(0), tokens().build())) {
            assertIsolated(server, channel(server, token("alice")), channel(server, token("bob")));
        }
    }

    @Test
    void clientCertificates_otherCallersSession_notFoundExactlyAsAnUnknownId() throws IOException {
        TestCertificates.Pair alice = pki.client("alice");
        TestCertificates.Pair bob = pki.client("bob");
        NetworkOptions mtls =
                NetworkOptions.builder()
                        .optTls(pki.serverCert(), pki.serverKey())
                        .optClientCa(pki.caCert())
                        .build();
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0), mtls)) {
            assertIsolated(
                    server,
                    channel(
                            server,
                            Map.of(
                                    "cert_file",
                                    alice.cert().toString(),
                                    "key_file",
                                    alice.key().toString())),
                    channel(
                            server,
                            Map.of(
                                    "cert_file",
                                    bob.cert().toString(),
                                    "key_file",
                                    bob.key().toString())));
        }
    }

    private static void assertIsolated(GymServer server, ManagedChannel alice, ManagedChannel bob) {
        try {
            String id = make(alice, 1);
            String never = "0123456789abcdef0123456789abcdef";
            stub(alice).reset(ResetRequest.newBuilder().setSessionId(id).build());

            Map<String, Consumer<String>> calls = new java.util.LinkedHashMap<>();
            calls.put(
                    "Reset",
                    s -> stub(bob).reset(ResetRequest.newBuilder().setSessionId(s).build()));
            calls.put(
                    "Step",
                    s ->
                            stub(bob)
                                    .step(
                                            StepRequest.newBuilder()
                                                    .setSessionId(s)
                                                    .setActions(
                                                            ProtoCodec.toValue(
                                                                    io.gymbridge.env.Tensor.ofLongs(
                                                                            0L)))
                                                    .build()));
            calls.put(
                    "Render",
                    s -> stub(bob).render(RenderRequest.newBuilder().setSessionId(s).build()));
            for (var call : calls.entrySet()) {
                String theirs = notFound(() -> call.getValue().accept(id));
                String unknown = notFound(() -> call.getValue().accept(never));
                assertEquals(unknown.replace(never, id), theirs, call.getKey());
            }

            // On the stream, the same answer.
            BlockingClientCall<SessionRequest, SessionResponse> stream =
                    EnvServiceGrpc.newBlockingV2Stub(bob)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .session();
            SessionResponse r = streamCall(stream, id);
            SessionResponse u = streamCall(stream, never);
            assertEquals(Status.Code.NOT_FOUND.value(), r.getError().getCode());
            assertEquals(u.getError().getMessage().replace(never, id), r.getError().getMessage());
            stream.halfClose();
            BlockingClientCall<SessionRequest, SessionResponse> own =
                    EnvServiceGrpc.newBlockingV2Stub(alice)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .session();
            assertEquals(false, streamCall(own, id).hasError(), "the owner's stream sees it");
            own.halfClose();

            // Bob's Close does nothing to Alice's session.
            stub(bob).close(CloseRequest.newBuilder().setSessionId(id).build());
            stub(alice).reset(ResetRequest.newBuilder().setSessionId(id).build());
            assertEquals(1, server.sessionCount());
        } finally {
            alice.shutdownNow();
            bob.shutdownNow();
        }
    }

    private static SessionResponse streamCall(
            BlockingClientCall<SessionRequest, SessionResponse> s, String id) {
        try {
            s.write(
                    SessionRequest.newBuilder()
                            .setReset(ResetRequest.newBuilder().setSessionId(id))
                            .build());
            return s.read(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String notFound(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.toString());
        return e.getStatus().getDescription();
    }

    @Test
    void lease_otherCallersExpiredSession_notFoundAsNeverMade() throws Exception {
        try (GymServer server =
                GymServer.start(
                        ServerOptions.defaults().withPort(0).withLease(Duration.ofMillis(50)),
                        tokens().build())) {
            ManagedChannel alice = channel(server, token("alice"));
            ManagedChannel bob = channel(server, token("bob"));
            try {
                String id = make(alice, 1);
                Thread.sleep(120);
                server.expireIdleSessions(); // if the periodic sweep has not yet
                assertEquals(0, server.sessionCount());
                Runnable aliceReset =
                        () -> stub(alice).reset(ResetRequest.newBuilder().setSessionId(id).build());
                Runnable bobReset =
                        () -> stub(bob).reset(ResetRequest.newBuilder().setSessionId(id).build());
                assertTrue(notFound(aliceReset).contains("expired"));
                assertEquals(
                        "no open session with id '" + id + "'; make one first", notFound(bobReset));
            } finally {
                alice.shutdownNow();
                bob.shutdownNow();
            }
        }
    }

    @Test
    void limits_perCaller_eachCallerHasItsOwnShare() {
        try (GymServer server =
                GymServer.start(
                        ServerOptions.defaults().withPort(0),
                        tokens().optCallerLimits(2, 4).build())) {
            ManagedChannel alice = channel(server, token("alice"));
            ManagedChannel bob = channel(server, token("bob"));
            try {
                ServerInfo info =
                        stub(alice).getServerInfo(GetServerInfoRequest.getDefaultInstance());
                assertEquals(2, info.getMaxSessions());
                assertEquals(4, info.getMaxNumEnvs());

                make(alice, 3);
                StatusRuntimeException envs =
                        assertThrows(StatusRuntimeException.class, () -> make(alice, 2));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, envs.getStatus().getCode());
                assertTrue(
                        envs.getStatus().getDescription().contains("limit of 4 per caller"),
                        envs.toString());
                make(alice, 1);
                StatusRuntimeException sessions =
                        assertThrows(StatusRuntimeException.class, () -> make(alice, 1));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, sessions.getStatus().getCode());
                assertTrue(
                        sessions.getStatus().getDescription().contains("per caller"),
                        sessions.toString());

                make(bob, 4);
                assertEquals(3, server.sessionCount());
            } finally {
                alice.shutdownNow();
                bob.shutdownNow();
            }
        }
    }
}
