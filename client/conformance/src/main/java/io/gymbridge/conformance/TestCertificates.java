package io.gymbridge.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates for testing a server over TLS, made with {@code openssl} (which must be on
 * the PATH) in a directory of the caller's: a CA, a server certificate for the names and addresses
 * given, and client certificates signed by the CA. Keys are EC P-256 in PKCS #8 PEM, unencrypted,
 * readable by their owner only, as docs/network.md makes them by hand; they live as long as the
 * directory and are never meant to be kept.
 *
 * <pre>{@code
 * TestCertificates pki = TestCertificates.create(tempDir, List.of("localhost", "127.0.0.1"));
 * NetworkOptions tls = NetworkOptions.builder()
 *         .optTls(pki.serverCert(), pki.serverKey()).optClientCa(pki.caCert()).build();
 * TestCertificates.Pair alice = pki.client("alice");
 * }</pre>
 */
public final class TestCertificates {
    private final Path dir;

    /** A certificate and its key. */
    public record Pair(Path cert, Path key) {}

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Whether openssl can be run here. */
    public static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes a CA ({@code ca.pem}, {@code ca.key}) and a server certificate ({@code server.pem},
     * {@code server.key}) valid for {@code serverNames} (host names, IPv4 or IPv6 addresses) in
     * {@code dir}.
     *
     * @throws IOException if openssl fails, with its output
     */
    public static TestCertificates create(Path dir, List<String> serverNames) throws IOException {
        Files.createDirectories(dir);
        TestCertificates pki = new TestCertificates(dir);
        pki.openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "30",
                "-subj",
                "/CN=gymbridge test CA " + dir.getFileName(),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        pki.ownerOnly("ca.key");
        pki.sign("server", "/CN=" + serverNames.get(0), serverExtensions(serverNames));
        return pki;
    }

    /** The CA certificate: what clients trust, and servers check client certificates against. */
    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** The server's certificate. */
    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server's key. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The server's certificate and key. */
    public Pair server() {
        return new Pair(serverCert(), serverKey());
    }

    /**
     * Makes a client certificate with subject {@code CN=name,O=gymbridge-test}, signed by the CA
     * ({@code client-NAME.pem}, {@code client-NAME.key}).
     *
     * @throws IOException if openssl fails
     */
    public Pair client(String name) throws IOException {
        return sign(
                "client-" + name, "/O=gymbridge-test/CN=" + name, "extendedKeyUsage=clientAuth\n");
    }

    /**
     * Makes another server certificate and key signed by the CA, with subject {@code O=stem}, in
     * {@code STEM.pem} and {@code STEM.key}: a renewed certificate for a test of reloading.
     *
     * @throws IOException if openssl fails
     */
    public Pair renewServer(List<String> serverNames, String stem) throws IOException {
        return sign(
                stem, "/O=" + stem + "/CN=" + serverNames.get(0), serverExtensions(serverNames));
    }

    private static String serverExtensions(List<String> serverNames) {
        List<String> alt = new ArrayList<>();
        for (String n : serverNames) {
            alt.add((n.matches("[0-9.]+") || n.contains(":") ? "IP:" : "DNS:") + n);
        }
        return "subjectAltName=" + String.join(",", alt) + "\nextendedKeyUsage=serverAuth\n";
    }

    private Pair sign(String stem, String subject, String extensions) throws IOException {
        Files.writeString(dir.resolve(stem + ".ext"), extensions, StandardCharsets.US_ASCII);
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                stem + ".key",
                "-out",
                stem + ".csr",
                "-subj",
                subject);
        openssl(
                "x509",
                "-req",
                "-in",
                stem + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-CAserial",
                "ca.srl",
                "-out",
                stem + ".pem",
                "-days",
                "30",
                "-extfile",
                stem + ".ext");
        ownerOnly(stem + ".key");
        return new Pair(dir.resolve(stem + ".pem"), dir.resolve(stem + ".key"));
    }

    private void ownerOnly(String file) throws IOException {
        try {
            Files.setPosixFilePermissions(
                    dir.resolve(file),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl", e);
        }
    }
}
