package io.gymbridge.cli;

import io.gymbridge.server.NetworkOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The network flags of {@code gymbridge serve}, in two groups of its help: security (TLS, client
 * certificates, tokens, reflection) and limits (per caller, per connection). They make a {@link
 * NetworkOptions}; docs/network.md explains each default.
 */
final class NetworkFlags {
    private NetworkFlags() {}

    /** TLS, client certificates, tokens, the insecure escape hatch and reflection. */
    static final class Security {
        @Option(
                names = "--tls-cert",
                paramLabel = "FILE",
                description =
                        "Serve TLS with this PEM certificate (chain, the server's first); needs"
                                + " --tls-key. Read again when it changes.")
        Path tlsCert;

        @Option(
                names = "--tls-key",
                paramLabel = "FILE",
                description =
                        "The certificate's private key: PEM, PKCS #8, unencrypted (openssl"
                                + " genpkey writes it so); keep it chmod 600.")
        Path tlsKey;

        @Option(
                names = "--tls-client-ca",
                paramLabel = "FILE",
                description =
                        "mTLS: require client certificates signed by a CA of this PEM file;"
                                + " sessions then belong to the certificate's subject.")
        Path tlsClientCa;

        @Option(
                names = "--tokens",
                paramLabel = "FILE",
                description =
                        "Require a bearer token from this file of 'NAME TOKEN' lines (# comments;"
                                + " tokens of at least 32 characters, e.g. openssl rand -hex 32);"
                                + " sessions then belong to the token's name. Accepted over TLS,"
                                + " or in plaintext from loopback only.")
        Path tokens;

        @Option(
                names = "--insecure",
                description =
                        "Serve plaintext beyond loopback anyway (logged loudly): anyone who can"
                                + " reach the port can drive sessions. Without it, a non-loopback"
                                + " --host needs --tls-cert and --tls-key.")
        boolean insecure;

        @Option(
                names = "--reflection",
                negatable = true,
                description =
                        "The gRPC reflection service (for grpcurl). Default: on for a loopback"
                                + " --host, off beyond it.")
        Boolean reflection;

        @Option(
                names = "--reload-seconds",
                defaultValue = "5",
                paramLabel = "S",
                description =
                        "How often the certificate, key, CA and tokens files are checked for"
                                + " changes (default: ${DEFAULT-VALUE}); an invalid new file is"
                                + " logged and the old credentials kept.")
        double reloadSeconds = 5;
    }

    /** Per-caller limits and the limits of each connection. */
    static final class Limits {
        @Option(
                names = "--operator",
                paramLabel = "CALLER",
                description =
                        "A caller who may stop every caller's sessions at once (`estop"
                                + " --all-callers`): token:NAME, cert:DN or anonymous (everyone,"
                                + " on a server without tokens or certificates). Repeatable.")
        List<String> operators = new ArrayList<>();

        @Option(
                names = "--max-sessions-per-caller",
                paramLabel = "N",
                description = "Most open sessions of one caller (default: --max-sessions).")
        Integer maxSessionsPerCaller;

        @Option(
                names = "--max-envs-per-caller",
                paramLabel = "N",
                description =
                        "Most envs (num_envs summed over its sessions) of one caller (default:"
                                + " no limit beyond the server's).")
        Integer maxEnvsPerCaller;

        @Option(
                names = "--max-streams-per-connection",
                defaultValue = "1024",
                paramLabel = "N",
                description =
                        "Most concurrent calls on one connection; the Java client holds one"
                                + " stream per open env (default: ${DEFAULT-VALUE}).")
        int maxStreamsPerConnection = 1024;

        @Option(
                names = "--keepalive-seconds",
                defaultValue = "60",
                paramLabel = "S",
                description =
                        "Ping a client after this long without traffic; 0 never (default:"
                                + " ${DEFAULT-VALUE}).")
        double keepAliveSeconds = 60;

        @Option(
                names = "--keepalive-timeout-seconds",
                defaultValue = "20",
                paramLabel = "S",
                description =
                        "Close a connection whose ping goes unanswered this long: a dead peer is"
                                + " noticed within keepalive + timeout (default: ${DEFAULT-VALUE}).")
        double keepAliveTimeoutSeconds = 20;

        @Option(
                names = "--max-connection-age-seconds",
                defaultValue = "3600",
                paramLabel = "S",
                description =
                        "Ask a connection to reconnect (GOAWAY) at this age, so that renewed"
                                + " certificates and revoked credentials reach every client; 0"
                                + " never (default: ${DEFAULT-VALUE}).")
        double maxConnectionAgeSeconds = 3600;

        @Option(
                names = "--max-connection-age-grace-seconds",
                defaultValue = "2100",
                paramLabel = "S",
                description =
                        "How long calls on an aged connection may go on before it is closed;"
                                + " longer than the Java client's 30-minute stream renewal"
                                + " (default: ${DEFAULT-VALUE}).")
        double maxConnectionAgeGraceSeconds = 2100;

        @Option(
                names = "--handshake-timeout-seconds",
                defaultValue = "20",
                paramLabel = "S",
                description =
                        "Close a connection that has not finished its TLS and HTTP/2 handshakes"
                                + " in this time (default: ${DEFAULT-VALUE}).")
        double handshakeTimeoutSeconds = 20;

        @Option(
                names = "--max-message-mb",
                paramLabel = "MB",
                description =
                        "The largest inbound message, in MiB (at least 4). Default: derived from"
                                + " the served envs: 2 x --max-num-envs x the largest action of"
                                + " an env made with its default kwargs, + 1 MiB, at least 4 MiB"
                                + " (the server logs it). Set it for envs whose actions grow with"
                                + " their kwargs.")
        Integer maxMessageMb;
    }

    /**
     * The options the flags give.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    static NetworkOptions options(Security s, Limits l) {
        NetworkOptions.Builder b =
                NetworkOptions.builder()
                        .optInsecure(s.insecure)
                        .optReloadPeriod(seconds(s.reloadSeconds, "--reload-seconds"))
                        .optCallerLimits(
                                l.maxSessionsPerCaller == null
                                        ? Integer.MAX_VALUE
                                        : l.maxSessionsPerCaller,
                                l.maxEnvsPerCaller == null ? Integer.MAX_VALUE : l.maxEnvsPerCaller)
                        .optMaxStreamsPerConnection(l.maxStreamsPerConnection)
                        .optKeepAlive(
                                seconds(l.keepAliveSeconds, "--keepalive-seconds"),
                                seconds(l.keepAliveTimeoutSeconds, "--keepalive-timeout-seconds"))
                        .optMaxConnectionAge(
                                seconds(l.maxConnectionAgeSeconds, "--max-connection-age-seconds"),
                                seconds(
                                        l.maxConnectionAgeGraceSeconds,
                                        "--max-connection-age-grace-seconds"))
                        .optHandshakeTimeout(
                                seconds(l.handshakeTimeoutSeconds, "--handshake-timeout-seconds"));
        if (s.tlsCert != null || s.tlsKey != null) {
            b.optTls(s.tlsCert, s.tlsKey);
        }
        if (s.tlsClientCa != null) {
            b.optClientCa(s.tlsClientCa);
        }
        if (s.tokens != null) {
            b.optTokens(s.tokens);
        }
        if (s.reflection != null) {
            b.optReflection(s.reflection);
        }
        b.optOperators(Set.copyOf(l.operators));
        if (l.maxMessageMb != null) {
            if (l.maxMessageMb < 4 || l.maxMessageMb > 1024) {
                throw new IllegalArgumentException(
                        "--max-message-mb must be in [4, 1024], got " + l.maxMessageMb);
            }
            b.optMaxMessageBytes(l.maxMessageMb << 20);
        }
        return b.build();
    }

    /** What the server asks of clients, for the "listening on" line. */
    static String describe(NetworkOptions n) {
        if (!n.tls()) {
            return (n.insecure() ? "plaintext, --insecure" : "plaintext")
                    + (n.tokens() != null ? ", bearer tokens" : "");
        }
        return "TLS"
                + (n.tlsClientCa() != null ? ", client certificates required" : "")
                + (n.tokens() != null ? ", bearer tokens" : "");
    }

    private static Duration seconds(double s, String flag) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(flag + " must be a number >= 0, got " + s);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
