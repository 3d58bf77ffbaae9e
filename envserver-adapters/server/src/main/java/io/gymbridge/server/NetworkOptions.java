package io.gymbridge.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Logger;

/**
 * How a {@link GymServer} meets the network: TLS, client certificates, bearer tokens, reflection,
 * per-caller limits and connection limits. The defaults suit a server on loopback and refuse to
 * serve beyond it in plaintext (see {@link #checkBind}).
 *
 * <pre>{@code
 * NetworkOptions network = NetworkOptions.builder()
 *         .optTls(Path.of("server.pem"), Path.of("server.key"))
 *         .optClientCa(Path.of("ca.pem"))          // mTLS: client certificates required
 *         .optTokens(Path.of("tokens.txt"))        // and/or bearer tokens
 *         .optCallerLimits(16, 256)
 *         .build();
 * GymServer server = GymServer.start(ServerOptions.defaults().withHost("0.0.0.0"), network);
 * }</pre>
 *
 * <p>Each setting has its {@code gymbridge serve} flag; docs/network.md says what each default
 * protects against.
 */
public final class NetworkOptions {
    private static final Logger log = Logger.getLogger(NetworkOptions.class.getName());

    private final Path tlsCert;
    private final Path tlsKey;
    private final Path tlsClientCa;
    private final Path tokens;
    private final boolean insecure;
    private final Boolean reflection;
    private final Duration reloadPeriod;
    private final int maxSessionsPerCaller;
    private final Set<String> operators;
    private final int maxEnvsPerCaller;
    private final int maxStreamsPerConnection;
    private final Duration keepAliveTime;
    private final Duration keepAliveTimeout;
    private final Duration maxConnectionAge;
    private final Duration maxConnectionAgeGrace;
    private final Duration handshakeTimeout;
    private final int maxMessageBytes;

    private NetworkOptions(Builder b) {
        this.tlsCert = b.tlsCert;
        this.tlsKey = b.tlsKey;
        this.tlsClientCa = b.tlsClientCa;
        this.tokens = b.tokens;
        this.insecure = b.insecure;
        this.reflection = b.reflection;
        this.reloadPeriod = b.reloadPeriod;
        this.maxSessionsPerCaller = b.maxSessionsPerCaller;
        this.operators = Set.copyOf(b.operators);
        this.maxEnvsPerCaller = b.maxEnvsPerCaller;
        this.maxStreamsPerConnection = b.maxStreamsPerConnection;
        this.keepAliveTime = b.keepAliveTime;
        this.keepAliveTimeout = b.keepAliveTimeout;
        this.maxConnectionAge = b.maxConnectionAge;
        this.maxConnectionAgeGrace = b.maxConnectionAgeGrace;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxMessageBytes = b.maxMessageBytes;
    }

    /**
     * The largest inbound message the operator set, in bytes; 0 to derive it from the served envs
     * ({@link InboundLimit}).
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Plaintext, no authentication, reflection on loopback only, the default limits. */
    public static NetworkOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server's PEM certificate chain, or null for plaintext. */
    public Path tlsCert() {
        return tlsCert;
    }

    /** The server's PEM private key (PKCS #8), or null for plaintext. */
    public Path tlsKey() {
        return tlsKey;
    }

    /** The PEM CA certificates client certificates must be signed by, or null for none asked. */
    public Path tlsClientCa() {
        return tlsClientCa;
    }

    /** The tokens file ({@code NAME TOKEN} lines), or null for no tokens. */
    public Path tokens() {
        return tokens;
    }

    /** Whether TLS is on. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** Whether the operator allowed plaintext beyond loopback. */
    public boolean insecure() {
        return insecure;
    }

    /** How often the certificate, key, CA and tokens files are checked for changes. */
    public Duration reloadPeriod() {
        return reloadPeriod;
    }

    /** Most sessions one caller may have open, besides the server's own limit. */
    /**
     * The callers who may stop every caller's sessions at once (EmergencyStop with all_callers):
     * caller names as sessions are owned, {@code token:NAME}, {@code cert:DN} or {@code anonymous}.
     */
    public Set<String> operators() {
        return operators;
    }

    public int maxSessionsPerCaller() {
        return maxSessionsPerCaller;
    }

    /** Most envs (num_envs summed over its sessions) one caller may have open. */
    public int maxEnvsPerCaller() {
        return maxEnvsPerCaller;
    }

    /** Most concurrent calls (streams) on one connection. */
    public int maxStreamsPerConnection() {
        return maxStreamsPerConnection;
    }

    /** Idle time after which the server pings a client; zero for never. */
    public Duration keepAliveTime() {
        return keepAliveTime;
    }

    /** How long a ping may go unanswered before the connection is closed as dead. */
    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    /** Age at which a connection is asked to go away (GOAWAY); zero for never. */
    public Duration maxConnectionAge() {
        return maxConnectionAge;
    }

    /** How long calls on a connection asked to go away may still run before it is closed. */
    public Duration maxConnectionAgeGrace() {
        return maxConnectionAgeGrace;
    }

    /** How long a new connection has to finish its TLS and HTTP/2 handshakes. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Whether the reflection service is on for a server bound to {@code host}. */
    public boolean reflectionOn(String host) {
        return reflection != null ? reflection : isLoopback(host);
    }

    /**
     * Refuses what would expose sessions to the network, as the Python server does: beyond
     * loopback, TLS and a way to authenticate callers (client certificates or tokens) are needed
     * unless {@link #insecure()}, which is logged loudly; tokens over plaintext beyond loopback are
     * refused even then.
     *
     * @throws IllegalArgumentException saying what to set up, and how
     */
    public void checkBind(String host) {
        if (isLoopback(host)) {
            return;
        }
        if (tokens != null && !tls()) {
            throw new IllegalArgumentException(
                    "refusing to take bearer tokens on "
                            + host
                            + " without TLS: they would cross the network in plaintext. Add"
                            + " --tls-cert server.pem --tls-key server.key, or bind 127.0.0.1"
                            + " (behind a TLS proxy on the same machine); docs/network.md");
        }
        boolean authenticates = tls() && (tlsClientCa != null || tokens != null);
        if (!authenticates && !insecure) {
            throw new IllegalArgumentException(
                    "refusing to serve on "
                            + host
                            + (tls() ? " without authenticating callers" : " in plaintext")
                            + ": beyond loopback anyone who can reach the port could make and"
                            + " drive sessions. Turn on TLS with --tls-cert server.pem --tls-key"
                            + " server.key, and authenticate clients with --tls-client-ca ca.pem"
                            + " (client certificates) and/or --tokens tokens.txt (bearer tokens);"
                            + " docs/network.md shows how to make them with openssl. On a network"
                            + " you trust completely, --insecure serves anyway.");
        }
        if (!authenticates) {
            log.warning(
                    "\n*** INSECURE (--insecure): serving "
                            + (tls() ? "TLS without authenticating callers" : "plaintext")
                            + " on "
                            + host
                            + " ***\n*** anyone who can reach this port can make, drive and"
                            + " watch sessions ***");
        }
    }

    /** Whether every address {@code host} names is a loopback address. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Settings of {@link NetworkOptions}; every one is optional. */
    public static final class Builder {
        private Path tlsCert;
        private Path tlsKey;
        private Path tlsClientCa;
        private Path tokens;
        private boolean insecure;
        private Boolean reflection;
        private Duration reloadPeriod = Duration.ofSeconds(5);
        private int maxSessionsPerCaller = Integer.MAX_VALUE;
        private Set<String> operators = Set.of();
        private int maxEnvsPerCaller = Integer.MAX_VALUE;
        private int maxStreamsPerConnection = 1024;
        private Duration keepAliveTime = Duration.ofSeconds(60);
        private Duration keepAliveTimeout = Duration.ofSeconds(20);
        private Duration maxConnectionAge = Duration.ofHours(1);
        private Duration maxConnectionAgeGrace = Duration.ofMinutes(35);
        private Duration handshakeTimeout = Duration.ofSeconds(20);
        private int maxMessageBytes;

        private Builder() {}

        /**
         * The largest inbound message, in bytes, instead of the one derived from the served envs
         * (for envs whose actions grow with their kwargs beyond what their defaults show).
         */
        public Builder optMaxMessageBytes(int bytes) {
            if (bytes < InboundLimit.FLOOR_BYTES) {
                throw new IllegalArgumentException(
                        "the largest inbound message must be at least "
                                + InboundLimit.FLOOR_BYTES
                                + " bytes, got "
                                + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** TLS with this PEM certificate chain and PKCS #8 PEM key. */
        public Builder optTls(Path certFile, Path keyFile) {
            this.tlsCert = certFile;
            this.tlsKey = keyFile;
            return this;
        }

        /** mTLS: clients must present a certificate signed by a CA of this PEM file. */
        public Builder optClientCa(Path caFile) {
            this.tlsClientCa = caFile;
            return this;
        }

        /** Bearer tokens from this file (see {@link TokenFile} for the format). */
        public Builder optTokens(Path tokensFile) {
            this.tokens = tokensFile;
            return this;
        }

        /** Allow plaintext beyond loopback (logged loudly); off by default. */
        public Builder optInsecure(boolean allow) {
            this.insecure = allow;
            return this;
        }

        /** Reflection on or off; by default on for a loopback bind only. */
        public Builder optReflection(boolean on) {
            this.reflection = on;
            return this;
        }

        /** How often the credential files are checked for changes; 5 s by default. */
        public Builder optReloadPeriod(Duration period) {
            this.reloadPeriod = period;
            return this;
        }

        /**
         * The callers who may stop every caller's sessions (see {@link NetworkOptions#operators});
         * none by default.
         */
        public Builder optOperators(Set<String> names) {
            for (String n : names) {
                if (!n.equals("anonymous") && !n.startsWith("token:") && !n.startsWith("cert:")) {
                    throw new IllegalArgumentException(
                            "operator '"
                                    + n
                                    + "' is no caller name: use token:NAME (a token's name),"
                                    + " cert:DN (a client certificate's subject) or anonymous");
                }
            }
            this.operators = Set.copyOf(names);
            return this;
        }

        /** Per-caller limits on open sessions and envs; by default only the server's own limits. */
        public Builder optCallerLimits(int maxSessions, int maxEnvs) {
            this.maxSessionsPerCaller = maxSessions;
            this.maxEnvsPerCaller = maxEnvs;
            return this;
        }

        /** Most concurrent streams on one connection; 1024 by default. */
        public Builder optMaxStreamsPerConnection(int max) {
            this.maxStreamsPerConnection = max;
            return this;
        }

        /** Ping an idle client after {@code time}, close if no answer in {@code timeout}. */
        public Builder optKeepAlive(Duration time, Duration timeout) {
            this.keepAliveTime = time;
            this.keepAliveTimeout = timeout;
            return this;
        }

        /** Ask connections to go away at {@code age}, closing them {@code grace} later. */
        public Builder optMaxConnectionAge(Duration age, Duration grace) {
            this.maxConnectionAge = age;
            this.maxConnectionAgeGrace = grace;
            return this;
        }

        /** How long a new connection has for its handshakes; 20 s by default. */
        public Builder optHandshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public NetworkOptions build() {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException(
                        "TLS needs both a certificate and a key (--tls-cert and --tls-key)");
            }
            if (tlsClientCa != null && tlsCert == null) {
                throw new IllegalArgumentException(
                        "client certificates (--tls-client-ca) need TLS: give --tls-cert and"
                                + " --tls-key too");
            }
            if (maxSessionsPerCaller < 1 || maxEnvsPerCaller < 1) {
                throw new IllegalArgumentException(
                        "per-caller limits must be >= 1, got "
                                + maxSessionsPerCaller
                                + " sessions and "
                                + maxEnvsPerCaller
                                + " envs");
            }
            if (maxStreamsPerConnection < 1) {
                throw new IllegalArgumentException(
                        "max streams per connection must be >= 1, got " + maxStreamsPerConnection);
            }
            positive(reloadPeriod, "reload period");
            positive(keepAliveTimeout, "keepalive timeout");
            positive(handshakeTimeout, "handshake timeout");
            notNegative(keepAliveTime, "keepalive time");
            notNegative(maxConnectionAge, "max connection age");
            notNegative(maxConnectionAgeGrace, "max connection age grace");
            return new NetworkOptions(this);
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
        }

        private static void notNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be >= 0 (0 for never), got " + d);
            }
        }
    }
}
