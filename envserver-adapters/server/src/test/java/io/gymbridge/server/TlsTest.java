package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gymbridge.conformance.TestCertificates;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Envs;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mTLS on a loopback port, with certificates made by openssl for the test: the server's
 * certificate checked by the client, client certificates good, missing and wrong, and a renewed
 * certificate taken without a restart.
 */
class TlsTest {
    static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1");

    @TempDir static Path dir;
    static TestCertificates pki;
    static TestCertificates otherPki;

    @BeforeAll
    static void makeCertificates() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "openssl is not on the PATH");
        pki = TestCertificates.create(dir.resolve("pki"), NAMES);
        otherPki = TestCertificates.create(dir.resolve("other"), NAMES);
    }

    static GymServer start(NetworkOptions network) {
        return GymServer.start(ServerOptions.defaults().withPort(0), network);
    }

    static void stepOnce(String url) {
        try (Env<Object, Object> env = Envs.make(url)) {
            env.reset(1L);
            env.step(0);
        }
    }

    @Test
    void tls_clientTrustsTheCa_steps() {
        try (GymServer server =
                start(NetworkOptions.builder().optTls(pki.serverCert(), pki.serverKey()).build())) {
            stepOnce("grpcs://localhost:" + server.port() + "/CartPole-v1?ca_file=" + pki.caCert());
            stepOnce("grpcs://127.0.0.1:" + server.port() + "/CartPole-v1?ca_file=" + pki.caCert());
        }
    }

    @Test
    void tls_clientTrustsAnotherCa_unavailableNamingTheCertificateProblem() {
        try (GymServer server =
                start(NetworkOptions.builder().optTls(pki.serverCert(), pki.serverKey()).build())) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () ->
                                    stepOnce(
                                            "grpcs://localhost:"
                                                    + server.port()
                                                    + "/CartPole-v1?ca_file="
                                                    + otherPki.caCert()));
            assertEquals(EnvException.Code.UNAVAILABLE, e.code(), e.toString());
            assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
        }
    }

    @Test
    void tls_plaintextClient_unavailable() {
        try (GymServer server =
                start(NetworkOptions.builder().optTls(pki.serverCert(), pki.serverKey()).build())) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> stepOnce("grpc://127.0.0.1:" + server.port() + "/CartPole-v1"));
            assertEquals(EnvException.Code.UNAVAILABLE, e.code(), e.toString());
        }
    }

    @Test
    void tls_serverNameOverride_checksTheCertificateAgainstIt() throws IOException {
        TestCertificates named =
                TestCertificates.create(dir.resolve("named"), List.of("gym.example"));
        try (GymServer server =
                start(
                        NetworkOptions.builder()
                                .optTls(named.serverCert(), named.serverKey())
                                .build())) {
            // The certificate names gym.example only: only server_name makes 127.0.0.1 pass.
            String base =
                    "grpcs://127.0.0.1:" + server.port() + "/CartPole-v1?ca_file=" + named.caCert();
            assertThrows(EnvException.class, () -> stepOnce(base));
            stepOnce(base + "&server_name=gym.example");
        }
    }

    @Test
    void mtls_goodClientCertificate_steps() throws IOException {
        TestCertificates.Pair alice = pki.client("alice");
        try (GymServer server = start(mtls())) {
            stepOnce(
                    "grpcs://localhost:"
                            + server.port()
                            + "/CartPole-v1?ca_file="
                            + pki.caCert()
                            + "&cert_file="
                            + alice.cert()
                            + "&key_file="
                            + alice.key());
        }
    }

    @Test
    void mtls_missingClientCertificate_refused() {
        try (GymServer server = start(mtls())) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () ->
                                    stepOnce(
                                            "grpcs://localhost:"
                                                    + server.port()
                                                    + "/CartPole-v1?ca_file="
                                                    + pki.caCert()));
            assertEquals(EnvException.Code.UNAVAILABLE, e.code(), e.toString());
        }
    }

    @Test
    void mtls_clientCertificateOfAnotherCa_refused() throws IOException {
        TestCertificates.Pair mallory = otherPki.client("mallory");
        try (GymServer server = start(mtls())) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () ->
                                    stepOnce(
                                            "grpcs://localhost:"
                                                    + server.port()
                                                    + "/CartPole-v1?ca_file="
                                                    + pki.caCert()
                                                    + "&cert_file="
                                                    + mallory.cert()
                                                    + "&key_file="
                                                    + mallory.key()));
            assertEquals(EnvException.Code.UNAVAILABLE, e.code(), e.toString());
        }
    }

    @Test
    void reload_renewedCertificate_servedWithoutRestart() throws Exception {
        Path cert = dir.resolve("live.pem");
        Path key = dir.resolve("live.key");
        Files.copy(pki.serverCert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.serverKey(), key, StandardCopyOption.REPLACE_EXISTING);
        try (GymServer server =
                start(
                        NetworkOptions.builder()
                                .optTls(cert, key)
                                .optReloadPeriod(Duration.ofHours(1))
                                .build())) {
            assertEquals("CN=localhost", peerSubject(server.port()));

            // A certificate without its key: not a valid pair, so the old one stays.
            TestCertificates.Pair renewed = pki.renewServer(NAMES, "renewed");
            Files.copy(renewed.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
            server.reloadCredentials();
            assertEquals("CN=localhost", peerSubject(server.port()));

            // Its key arrives: the pair is taken.
            Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
            server.reloadCredentials();
            assertEquals("CN=localhost,O=renewed", peerSubject(server.port()));
            stepOnce("grpcs://localhost:" + server.port() + "/CartPole-v1?ca_file=" + pki.caCert());
        }
    }

    @Test
    void start_keyOfAnotherCertificate_refusedNamingBothFiles() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                start(
                                        NetworkOptions.builder()
                                                .optTls(pki.serverCert(), otherPki.serverKey())
                                                .build()));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    }

    @Test
    void start_missingKeyFile_refusedNamingIt() {
        Path missing = dir.resolve("nope.key");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                start(
                                        NetworkOptions.builder()
                                                .optTls(pki.serverCert(), missing)
                                                .build()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private static NetworkOptions mtls() {
        return NetworkOptions.builder()
                .optTls(pki.serverCert(), pki.serverKey())
                .optClientCa(pki.caCert())
                .build();
    }

    /** The subject of the certificate the server presents to a new connection. */
    static String peerSubject(int port) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caCert())) {
            trust.setCertificateEntry(
                    "ca",
                    java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(in));
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (Socket raw = new Socket("127.0.0.1", port);
                SSLSocket tls =
                        (SSLSocket)
                                ctx.getSocketFactory().createSocket(raw, "localhost", port, true)) {
            SSLParameters p = tls.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(p);
            tls.startHandshake();
            return ((X509Certificate) tls.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        }
    }
}
