package io.gymbridge.grpc;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executor;

/**
 * Sends {@code authorization: Bearer TOKEN} with every call, the token read from a file (and read
 * again when the file changes, so a rotated token is picked up without a restart).
 *
 * <p>The token is sent only over TLS, or in plaintext to a peer whose address is loopback; to any
 * other peer the call fails with UNAUTHENTICATED before anything is sent, whatever the URL said.
 * The token never appears in a message.
 */
final class BearerToken extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private final boolean loopbackHost;
    private String token;
    private FileTime readAt;
    private long checkedNanos;

    /**
     * A token from {@code file} for a target whose host is ({@code loopbackHost}) or is not a
     * loopback name; the host decides only when the transport does not tell the peer's address.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no token, or more than a token
     */
    BearerToken(Path file, boolean loopbackHost) throws IOException {
        this.file = file;
        this.loopbackHost = loopbackHost;
        current();
    }

    @Override
    public void applyRequestMetadata(
            RequestInfo info, Executor appExecutor, MetadataApplier applier) {
        if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY
                && !toLoopback(info.getTransportAttrs().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))) {
            applier.fail(
                    Status.UNAUTHENTICATED.withDescription(
                            "refusing to send the bearer token in plaintext to "
                                    + info.getAuthority()
                                    + ", which is not loopback: connect with grpcs://"));
            return;
        }
        String t;
        try {
            t = current();
        } catch (IOException | IllegalArgumentException e) {
            applier.fail(
                    Status.UNAUTHENTICATED.withDescription(
                            "cannot read the token file " + file + ": " + e.getMessage()));
            return;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + t);
        applier.apply(headers);
    }

    private boolean toLoopback(SocketAddress peer) {
        if (peer instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().isLoopbackAddress();
        }
        return loopbackHost;
    }

    /** The token, read again if the file changed (checked at most once a second). */
    private synchronized String current() throws IOException {
        long now = System.nanoTime();
        if (token != null && now - checkedNanos < RECHECK_NANOS) {
            return token;
        }
        checkedNanos = now;
        FileTime modified = Files.getLastModifiedTime(file);
        if (token == null || !modified.equals(readAt)) {
            token = read(file);
            readAt = modified;
        }
        return token;
    }

    /**
     * The token of a token file: its first line that is neither blank nor a {@code #} comment,
     * without surrounding whitespace.
     */
    static String read(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (!s.matches("[A-Za-z0-9._~+/=-]+")) {
                throw new IllegalArgumentException(
                        file
                                + " must hold the token alone, of A-Z a-z 0-9 - . _ ~ + / ="
                                + " (a server's tokens file has NAME TOKEN lines; give the"
                                + " client only its token)");
            }
            return s;
        }
        throw new IllegalArgumentException(file + " holds no token");
    }

    @Override
    public String toString() {
        return "bearer token from " + file;
    }
}
