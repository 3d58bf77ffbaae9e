package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.grpc.ChannelSecurity;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the server does without being told: refuses plaintext beyond loopback unless --insecure,
 * keeps reflection to loopback, bounds handshakes, and ages connections out without breaking the
 * Java client's idle streams.
 */
class SafeDefaultsTest {
    @Test
    void start_plaintextBeyondLoopback_refusedSayingHowToSetUpTls() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                GymServer.start(
                                        ServerOptions.defaults().withHost("0.0.0.0").withPort(0)));
        for (String hint :
                new String[] {
                    "--tls-cert",
                    "--tls-key",
                    "--tls-client-ca",
                    "--tokens",
                    "--insecure",
                    "docs/network.md"
                }) {
            assertTrue(e.getMessage().contains(hint), hint + " in: " + e.getMessage());
        }
    }

    @Test
    void checkBind_tokensWithoutTls_refusedBeyondLoopback() {
        NetworkOptions tokensOnly =
                NetworkOptions.builder().optTokens(Path.of("tokens.txt")).build();
        assertThrows(IllegalArgumentException.class, () -> tokensOnly.checkBind("192.0.2.1"));
        tokensOnly.checkBind("127.0.0.1");
        tokensOnly.checkBind("localhost");
    }

    @Test
    void checkBind_tlsWithCallerAuthenticationOrInsecure_allowedBeyondLoopback() {
        NetworkOptions.builder().optInsecure(true).build().checkBind("0.0.0.0");
        NetworkOptions.builder()
                .optTls(Path.of("server.pem"), Path.of("server.key"))
                .optTokens(Path.of("tokens.txt"))
                .build()
                .checkBind("0.0.0.0");
        NetworkOptions.builder()
                .optTls(Path.of("server.pem"), Path.of("server.key"))
                .optClientCa(Path.of("ca.pem"))
                .build()
                .checkBind("0.0.0.0");
    }

    @Test
    void checkBind_tlsAloneOrTokensInPlaintext_refusedBeyondLoopback_asThePythonServer() {
        NetworkOptions tlsAlone =
                NetworkOptions.builder()
                        .optTls(Path.of("server.pem"), Path.of("server.key"))
                        .build();
        var e = assertThrows(IllegalArgumentException.class, () -> tlsAlone.checkBind("0.0.0.0"));
        assertTrue(e.getMessage().contains("without authenticating callers"), e.getMessage());
        tlsAlone.checkBind("127.0.0.1");
        NetworkOptions tokensInsecure =
                NetworkOptions.builder().optTokens(Path.of("tokens.txt")).optInsecure(true).build();
        assertThrows(IllegalArgumentException.class, () -> tokensInsecure.checkBind("0.0.0.0"));
    }

    @Test
    void reflection_onForLoopbackOnlyUnlessAsked() {
        assertTrue(NetworkOptions.defaults().reflectionOn("127.0.0.1"));
        assertTrue(NetworkOptions.defaults().reflectionOn("::1"));
        assertFalse(NetworkOptions.defaults().reflectionOn("0.0.0.0"));
        assertFalse(NetworkOptions.defaults().reflectionOn("192.0.2.1"));
        assertTrue(NetworkOptions.builder().optReflection(true).build().reflectionOn("0.0.0.0"));
        assertFalse(
                NetworkOptions.builder().optReflection(false).build().reflectionOn("127.0.0.1"));
    }

    @Test
    void reflection_off_unimplemented() throws Exception {
        try (GymServer on = GymServer.start(ServerOptions.defaults().withPort(0));
                GymServer off =
                        GymServer.start(
                                ServerOptions.defaults().withPort(0),
                                NetworkOptions.builder().optReflection(false).build())) {
            assertEquals(Status.Code.OK, reflect(on.port()));
            assertEquals(Status.Code.UNIMPLEMENTED, reflect(off.port()));
        }
    }

    /** Lists the services by reflection; the status the call ends with. */
    private static Status.Code reflect(int port) throws Exception {
        ManagedChannel c =
                ChannelSecurity.of("grpc", "127.0.0.1", Map.of()).newChannel("127.0.0.1:" + port);
        try {
            CompletableFuture<Status.Code> done = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> req =
                    ServerReflectionGrpc.newStub(c)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .serverReflectionInfo(
                                    new StreamObserver<ServerReflectionResponse>() {
                                        @Override
                                        public void onNext(ServerReflectionResponse r) {}

                                        @Override
                                        public void onError(Throwable t) {
                                            done.complete(Status.fromThrowable(t).getCode());
                                        }

                                        @Override
                                        public void onCompleted() {
                                            done.complete(Status.Code.OK);
                                        }
                                    });
            req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            req.onCompleted();
            return done.get(10, TimeUnit.SECONDS);
        } finally {
            c.shutdownNow();
        }
    }

    @Test
    void handshakeTimeout_silentConnection_closed() throws Exception {
        try (GymServer server =
                        GymServer.start(
                                ServerOptions.defaults().withPort(0),
                                NetworkOptions.builder()
                                        .optHandshakeTimeout(Duration.ofMillis(300))
                                        .build());
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            // Netty sends its SETTINGS first; a client that never answers is cut off.
            while (in.read() >= 0) {
                // drain until the server closes
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, "closed after " + ms + " ms");
        }
    }

    @Test
    void maxConnectionAge_idleStreamEndedByTheServer_clientCarriesOnOnANewOne() throws Exception {
        try (GymServer server =
                        GymServer.start(
                                ServerOptions.defaults().withPort(0),
                                NetworkOptions.builder()
                                        .optMaxConnectionAge(
                                                Duration.ofSeconds(1), Duration.ofMillis(200))
                                        .build());
                Env<Object, Object> env =
                        Envs.make("grpc://127.0.0.1:" + server.port() + "/CartPole-v1")) {
            env.reset(1L);
            env.step(0);
            Thread.sleep(2_500); // past the age and its grace: the connection is gone
            env.step(1);
            env.reset(2L);
        }
    }

    @Test
    void build_inconsistentSettings_refusedNamingThem() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        NetworkOptions.builder()
                                                .optTls(Path.of("a.pem"), null)
                                                .build())
                        .getMessage()
                        .contains("--tls-key"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        NetworkOptions.builder()
                                                .optClientCa(Path.of("ca.pem"))
                                                .build())
                        .getMessage()
                        .contains("--tls-client-ca"));
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkOptions.builder().optCallerLimits(0, 1).build());
    }
}
