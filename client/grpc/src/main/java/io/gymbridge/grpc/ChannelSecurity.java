package io.gymbridge.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the client reaches a server: {@code grpc://} in plaintext, {@code grpcs://} over TLS, and
 * what it proves itself with. Everything comes from files, named by URL parameters or, when the URL
 * does not name one, by environment variables:
 *
 * <table>
 *   <caption>credential files</caption>
 *   <tr><th>URL parameter</th><th>environment variable</th><th>what</th></tr>
 *   <tr><td>{@code ca_file}</td><td>{@code GYMBRIDGE_CA_FILE}</td>
 *       <td>PEM CA certificates to trust (default: the system's)</td></tr>
 *   <tr><td>{@code cert_file}, {@code key_file}</td>
 *       <td>{@code GYMBRIDGE_CERT_FILE}, {@code GYMBRIDGE_KEY_FILE}</td>
 *       <td>a client certificate and its PKCS #8 key, for servers that require one</td></tr>
 *   <tr><td>{@code token_file}</td><td>{@code GYMBRIDGE_TOKEN_FILE}</td>
 *       <td>a file holding a bearer token</td></tr>
 *   <tr><td>{@code server_name}</td><td></td>
 *       <td>the name the server's certificate must carry, if not the URL's host</td></tr>
 * </table>
 *
 * <p>The CA and client certificate apply to {@code grpcs://} only. A token is sent over TLS, or in
 * plaintext to loopback only: a {@code grpc://} URL to another machine with a token is refused
 * here, before any connection (and {@link BearerToken} checks the actual peer again on every call).
 * Paths are not secrets and may be logged; the files' contents never are.
 */
public final class ChannelSecurity {
    /** The environment variables consulted when the URL does not name a file. */
    public static final String CA_FILE_ENV = "GYMBRIDGE_CA_FILE";

    /** See {@link #CA_FILE_ENV}. */
    public static final String CERT_FILE_ENV = "GYMBRIDGE_CERT_FILE";

    /** See {@link #CA_FILE_ENV}. */
    public static final String KEY_FILE_ENV = "GYMBRIDGE_KEY_FILE";

    /** See {@link #CA_FILE_ENV}. */
    public static final String TOKEN_FILE_ENV = "GYMBRIDGE_TOKEN_FILE";

    private final boolean tls;
    private final String host;
    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private final Path tokenFile;
    private final String serverName;

    private ChannelSecurity(
            boolean tls,
            String host,
            Path caFile,
            Path certFile,
            Path keyFile,
            Path tokenFile,
            String serverName) {
        this.tls = tls;
        this.host = host;
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.tokenFile = tokenFile;
        this.serverName = serverName;
    }

    /**
     * The security of an env address, from its connection parameters and this process's
     * environment.
     *
     * @throws EnvException INVALID_ARGUMENT naming the parameter or variable that is wrong
     */
    public static ChannelSecurity of(EnvAddress address) {
        return of(address.scheme(), address.host(), address.connection(), System.getenv());
    }

    /**
     * The security of {@code scheme://host} with these connection parameters (see {@link
     * EnvAddress#CONNECTION_PARAMETERS}) and this process's environment.
     *
     * @throws EnvException INVALID_ARGUMENT naming the parameter or variable that is wrong
     */
    public static ChannelSecurity of(String scheme, String host, Map<String, String> parameters) {
        return of(scheme, host, parameters, System.getenv());
    }

    /** As {@link #of(String, String, Map)} with the environment {@code env}. */
    static ChannelSecurity of(
            String scheme, String host, Map<String, String> parameters, Map<String, String> env) {
        boolean tls;
        if (scheme.equals("grpcs")) {
            tls = true;
        } else if (scheme.equals("grpc") || scheme.equals(EnvAddress.UNIX_SCHEME)) {
            tls = false;
            for (String p : List.of("ca_file", "cert_file", "key_file", "server_name")) {
                if (parameters.containsKey(p)) {
                    throw EnvException.invalidArgument(
                            p + " is for TLS: use a grpcs:// URL, not grpc://");
                }
            }
        } else {
            throw EnvException.invalidArgument(
                    "the gRPC client speaks grpc://, grpcs:// and unix:, not " + scheme + "://");
        }
        Path ca = tls ? file(parameters, "ca_file", env, CA_FILE_ENV) : null;
        Path cert = tls ? file(parameters, "cert_file", env, CERT_FILE_ENV) : null;
        Path key = tls ? file(parameters, "key_file", env, KEY_FILE_ENV) : null;
        Path token = file(parameters, "token_file", env, TOKEN_FILE_ENV);
        if ((cert == null) != (key == null)) {
            throw EnvException.invalidArgument(
                    "a client certificate needs both cert_file and key_file (or "
                            + CERT_FILE_ENV
                            + " and "
                            + KEY_FILE_ENV
                            + ")");
        }
        // a Unix domain socket is on this host, as loopback is
        if (token != null && !tls && host != null && !isLoopback(host)) {
            throw EnvException.invalidArgument(
                    "refusing to send a bearer token in plaintext to "
                            + host
                            + ", which is not loopback: use grpcs://"
                            + " (or unset "
                            + TOKEN_FILE_ENV
                            + " for a plaintext server)");
        }
        return new ChannelSecurity(tls, host, ca, cert, key, token, parameters.get("server_name"));
    }

    /** Whether the channel uses TLS. */
    public boolean tls() {
        return tls;
    }

    /**
     * A new channel to {@code authority} ({@code host:port}, or {@code unix:/path} for a Unix
     * domain socket) with this security; the caller owns and closes it.
     *
     * @throws EnvException INVALID_ARGUMENT naming a file that cannot be read or used
     */
    public ManagedChannel newChannel(String authority) {
        ChannelCredentials credentials;
        if (tls) {
            TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
            try {
                if (caFile != null) {
                    b.trustManager(caFile.toFile());
                }
                if (certFile != null) {
                    b.keyManager(certFile.toFile(), keyFile.toFile());
                }
            } catch (IOException e) {
                throw EnvException.invalidArgument("cannot read a TLS file: " + e.getMessage());
            }
            credentials = b.build();
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        if (tokenFile != null) {
            try {
                credentials =
                        CompositeChannelCredentials.create(
                                credentials,
                                new BearerToken(tokenFile, host == null || isLoopback(host)));
            } catch (IOException | IllegalArgumentException e) {
                throw EnvException.invalidArgument(
                        "cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        ManagedChannelBuilder<?> b;
        try {
            b = Grpc.newChannelBuilder(authority, credentials);
        } catch (IllegalArgumentException e) {
            throw EnvException.invalidArgument(
                    "cannot set up TLS with " + this + ": " + e.getMessage());
        }
        if (serverName != null) {
            b.overrideAuthority(serverName);
        }
        if (b instanceof NettyChannelBuilder netty && authority.startsWith("unix:")) {
            // gRPC asks every connection for TCP keepalive; a Unix domain socket has none, and
            // Netty would log a warning for each connection
            netty.withOption(ChannelOption.SO_KEEPALIVE, null);
        }
        return b.maxInboundMessageSize(64 << 20).build();
    }

    /** What tells channels apart: two addresses with equal keys can share a channel. */
    String key() {
        return toString();
    }

    /** The scheme and the files, e.g. {@code TLS, CA ca.pem, token from token.txt}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(tls ? "TLS" : "plaintext");
        if (tls) {
            parts.add(caFile == null ? "system CAs" : "CA " + caFile);
        }
        if (certFile != null) {
            parts.add("client certificate " + certFile + " and key " + keyFile);
        }
        if (tokenFile != null) {
            parts.add("token from " + tokenFile);
        }
        if (serverName != null) {
            parts.add("server name " + serverName);
        }
        return String.join(", ", parts);
    }

    private static Path file(
            Map<String, String> parameters, String name, Map<String, String> env, String var) {
        String value = parameters.get(name);
        String from = name;
        if (value == null) {
            value = env.get(var);
            from = var;
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw EnvException.invalidArgument(from + " names " + p + ", which is not a file");
        }
        if (!Files.isReadable(p)) {
            throw EnvException.invalidArgument(
                    from + " names " + p + ", which this user cannot read");
        }
        return p;
    }

    /** Whether every address {@code host} names is a loopback address. */
    static boolean isLoopback(String host) {
        String h =
                host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1)
                        : host;
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
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
}
