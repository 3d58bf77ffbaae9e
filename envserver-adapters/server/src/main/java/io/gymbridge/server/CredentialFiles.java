package io.gymbridge.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The server's certificate and key, client CA and tokens, read from their files at start and read
 * again whenever a file changes, without a restart.
 *
 * <p>Every {@link NetworkOptions#reloadPeriod()} the files' modification time, size and inode are
 * compared with the last seen; on a change the files are read and checked as at start (the key must
 * belong to the certificate, the tokens file must be well formed) and swapped in for new handshakes
 * and calls. If the new files are not valid, the ones in use stay and the reason is logged once per
 * change; a certificate and key replaced one after the other are taken as soon as both are in
 * place. Connections already open keep the certificate they were made with until they end (see
 * {@link NetworkOptions#maxConnectionAge()}).
 */
final class CredentialFiles implements AutoCloseable {
    private static final Logger log = Logger.getLogger(CredentialFiles.class.getName());

    private final NetworkOptions network;
    private final AdvancedTlsX509KeyManager keyManager;
    private final AdvancedTlsX509TrustManager trustManager;
    private volatile TokenFile tokens;
    private final List<Watch> watches = new ArrayList<>();
    private final ScheduledExecutorService timer;

    private CredentialFiles(NetworkOptions network) {
        this.network = network;
        this.keyManager = network.tls() ? new AdvancedTlsX509KeyManager() : null;
        AdvancedTlsX509TrustManager tm = null;
        if (network.tlsClientCa() != null) {
            try {
                tm = AdvancedTlsX509TrustManager.newBuilder().build();
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalStateException("cannot make a trust manager", e);
            }
        }
        this.trustManager = tm;
        if (network.tls()) {
            watches.add(
                    new Watch(
                            "TLS certificate and key",
                            List.of(network.tlsCert(), network.tlsKey()),
                            this::loadIdentity));
        }
        if (trustManager != null) {
            watches.add(new Watch("client CA", List.of(network.tlsClientCa()), this::loadClientCa));
        }
        if (network.tokens() != null) {
            watches.add(new Watch("tokens", List.of(network.tokens()), this::loadTokens));
        }
        this.timer =
                watches.isEmpty()
                        ? null
                        : Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, "gymbridge-credentials");
                                    t.setDaemon(true);
                                    return t;
                                });
    }

    /**
     * Reads every file the options name and starts watching them.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static CredentialFiles load(NetworkOptions network) {
        CredentialFiles files = new CredentialFiles(network);
        for (Watch w : files.watches) {
            try {
                w.stamp = stamp(w.files);
                w.loader.load();
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read the " + w.what + ": " + describe(e), e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(
                        "the " + w.what + " cannot be used: " + e.getMessage(), e);
            }
        }
        warnIfReadableByOthers(network.tlsKey(), "TLS key");
        warnIfReadableByOthers(network.tokens(), "tokens file");
        if (files.timer != null) {
            long period = network.reloadPeriod().toMillis();
            files.timer.scheduleWithFixedDelay(
                    files::reloadChanged, period, period, TimeUnit.MILLISECONDS);
        }
        return files;
    }

    /** TLS with the current certificate, requiring client certificates if a client CA is set. */
    ServerCredentials serverCredentials() {
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(keyManager);
        if (trustManager != null) {
            b.trustManager(trustManager).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return b.build();
    }

    /** The tokens in effect, or null if the server takes none. */
    TokenFile tokens() {
        return tokens;
    }

    /** Reads again every file that changed since it was last read; what the timer runs. */
    void reloadChanged() {
        for (Watch w : watches) {
            w.reloadIfChanged();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void loadIdentity() throws IOException, GeneralSecurityException {
        X509Certificate[] chain = PemFiles.certificates(network.tlsCert());
        PrivateKey key = PemFiles.privateKey(network.tlsKey());
        PemFiles.checkPair(chain[0], key, network.tlsCert(), network.tlsKey());
        keyManager.updateIdentityCredentials(chain, key);
        Instant expires = chain[0].getNotAfter().toInstant();
        log.info(
                () ->
                        "TLS certificate "
                                + chain[0].getSubjectX500Principal().getName()
                                + ", valid until "
                                + expires);
        if (expires.isBefore(Instant.now().plus(Duration.ofDays(7)))) {
            log.warning(
                    "the TLS certificate in "
                            + network.tlsCert()
                            + (expires.isBefore(Instant.now()) ? " expired on " : " expires on ")
                            + expires
                            + ": replace it (the server reads it again without a restart)");
        }
    }

    private void loadClientCa() throws IOException, GeneralSecurityException {
        X509Certificate[] cas = PemFiles.certificates(network.tlsClientCa());
        trustManager.updateTrustCredentials(cas);
        log.info(() -> "client certificates required, signed by one of " + cas.length + " CA(s)");
    }

    private void loadTokens() throws IOException {
        TokenFile t = TokenFile.read(network.tokens());
        tokens = t;
        log.info(() -> t.size() + " bearer token(s) from " + network.tokens());
    }

    private static void warnIfReadableByOthers(Path file, String what) {
        if (file == null) {
            return;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ)
                    || p.contains(PosixFilePermission.OTHERS_READ)) {
                log.warning(
                        "the " + what + " " + file + " is readable by other users: chmod 600 it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
    }

    /** What identifies a version of the files: modification time, size and inode of each. */
    private static List<Object> stamp(List<Path> files) {
        List<Object> out = new ArrayList<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException
                ? e.getMessage() + " does not exist"
                : e instanceof java.nio.file.AccessDeniedException
                        ? e.getMessage() + " is not readable by this user"
                        : e.toString();
    }

    @FunctionalInterface
    private interface Loader {
        void load() throws IOException, GeneralSecurityException;
    }

    /** Files read together, and the stamp of their last reading. */
    private static final class Watch {
        final String what;
        final List<Path> files;
        final Loader loader;
        List<Object> stamp;

        Watch(String what, List<Path> files, Loader loader) {
            this.what = what;
            this.files = files;
            this.loader = loader;
        }

        void reloadIfChanged() {
            List<Object> now = stamp(files);
            if (now.equals(stamp)) {
                return;
            }
            stamp = now;
            try {
                loader.load();
                log.info(() -> "reloaded the " + what + " from " + files);
            } catch (IOException | UncheckedIOException e) {
                log.warning(
                        "cannot reload the "
                                + what
                                + ", keeping the ones in use: "
                                + (e instanceof IOException io ? describe(io) : e.toString()));
            } catch (GeneralSecurityException | RuntimeException e) {
                log.warning(
                        "cannot reload the "
                                + what
                                + ", keeping the ones in use: "
                                + e.getMessage());
            }
        }
    }
}
