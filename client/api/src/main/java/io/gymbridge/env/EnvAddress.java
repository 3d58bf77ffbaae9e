package io.gymbridge.env;

import io.gymbridge.env.vector.AutoresetMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parsed env URL: {@code scheme://host:port/EnvId?key=value&...}, or for a server on a Unix
 * domain socket of this host {@code unix:/path/to.sock?env=EnvId&key=value&...}.
 *
 * <p>In the Unix form the socket path is absolute ({@code unix:///path/to.sock?env=...}, with an
 * empty host, is the same), percent-decoded, at most 107 bytes (Linux's limit), and the env id is
 * the {@code env} parameter: env ids may contain a slash ({@code ALE/Pong-v5}), so a path could not
 * say where the socket ends and the id begins. Example: {@code
 * unix:/tmp/gym.sock?env=CartPole-v1&num_envs=8}. The socket's file permissions decide who may
 * connect.
 *
 * <p>Query parameters {@code num_envs}, {@code max_episode_steps}, {@code render_mode} and {@code
 * autoreset_mode} ({@code next_step}, {@code same_step}, {@code disabled}) configure the session;
 * every other parameter is a kwarg of the env, typed by its text: {@code true}/{@code false} are
 * booleans, integer literals are integers, other numbers are floats, anything else (or a value in
 * double quotes, written {@code %22...%22} where a shell or URL parser needs it) is a string.
 * Values are percent-decoded; a {@code +} stays a plus sign. Example: {@code
 * grpc://localhost:50051/CartPole-v1?max_episode_steps=200&num_envs=8&sutton_barto_reward=true}.
 *
 * <p>The {@link #CONNECTION_PARAMETERS} ({@code ca_file}, {@code cert_file}, {@code key_file},
 * {@code token_file}, {@code server_name}) are the client's, never sent to the server: they go to
 * {@link #connection()}. They name files, so the URL, which is logged and recorded in a run's
 * config.json, never holds a secret; a URL with a secret in it ({@code token=...} or {@code
 * user:password@}) is refused.
 *
 * <p>The {@link #ROBOT_PARAMETERS} go to {@link #connection()} too, for the connector: {@code
 * watchdog_ms} (the command timeout), {@code watchdog_hold} (control periods the last action is
 * held) and {@code watchdog_action} ({@code safe_action} or {@code controlled_stop}) give the
 * session a watchdog (docs/protocol.md, "Watchdog"); {@code pacing=env} makes a single env
 * env-paced (the server ticks; each step waits for the tick that applied its action), at {@code
 * control_period_ms} or the env's own period.
 *
 * @param scheme the URL scheme, e.g. {@code grpc} or {@code unix}
 * @param host the server host, or null for a Unix socket
 * @param port the server port, or -1 for a Unix socket
 * @param envId the env id (the path without its leading slash)
 * @param numEnvs the number of envs of the session, at least 1
 * @param maxEpisodeSteps a TimeLimit overriding the env's default, if given
 * @param renderMode null or "rgb_array"
 * @param autoresetMode the autoreset mode of a vector
 * @param kwargs the env's kwargs, typed
 * @param connection the connection parameters, by name, for the connector (file paths and a TLS
 *     server name; no secrets)
 * @param socketPath the absolute path of the server's Unix domain socket, or null
 */
public record EnvAddress(
        String scheme,
        String host,
        int port,
        String envId,
        int numEnvs,
        OptionalInt maxEpisodeSteps,
        String renderMode,
        AutoresetMode autoresetMode,
        Map<String, Object> kwargs,
        Map<String, String> connection,
        String socketPath) {

    /**
     * The URL parameters that configure the connection rather than the env: {@code ca_file} (PEM CA
     * certificates to trust), {@code cert_file} and {@code key_file} (a client certificate and its
     * PKCS #8 key, for mTLS), {@code token_file} (a file holding a bearer token) and {@code
     * server_name} (the name to check the server's certificate against, if not the host).
     */
    public static final Set<String> CONNECTION_PARAMETERS =
            Set.of("ca_file", "cert_file", "key_file", "token_file", "server_name");

    /** The URL parameters of a session behind hardware: see the class comment. */
    public static final Set<String> ROBOT_PARAMETERS =
            Set.of(
                    "watchdog_ms",
                    "watchdog_hold",
                    "watchdog_action",
                    "pacing",
                    "control_period_ms");

    /** Copies the maps. */
    public EnvAddress {
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        connection = Map.copyOf(connection);
    }

    /** An address of a server at {@code host:port}. */
    public EnvAddress(
            String scheme,
            String host,
            int port,
            String envId,
            int numEnvs,
            OptionalInt maxEpisodeSteps,
            String renderMode,
            AutoresetMode autoresetMode,
            Map<String, Object> kwargs,
            Map<String, String> connection) {
        this(
                scheme,
                host,
                port,
                envId,
                numEnvs,
                maxEpisodeSteps,
                renderMode,
                autoresetMode,
                kwargs,
                connection,
                null);
    }

    /** An address without connection parameters. */
    public EnvAddress(
            String scheme,
            String host,
            int port,
            String envId,
            int numEnvs,
            OptionalInt maxEpisodeSteps,
            String renderMode,
            AutoresetMode autoresetMode,
            Map<String, Object> kwargs) {
        this(
                scheme,
                host,
                port,
                envId,
                numEnvs,
                maxEpisodeSteps,
                renderMode,
                autoresetMode,
                kwargs,
                Map.of());
    }

    /**
     * Parses a URL.
     *
     * @throws EnvException INVALID_ARGUMENT naming what is malformed
     */
    public static EnvAddress parse(String url) {
        if (url.startsWith(UNIX_SCHEME + ":")) {
            return parseUnix(url);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw EnvException.invalidArgument("malformed env URL '" + url + "': " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw EnvException.invalidArgument(
                    "an env URL carries no user or password (it is logged and recorded): put a"
                            + " token in a file and name it with token_file=PATH or"
                            + " GYMBRIDGE_TOKEN_FILE");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw EnvException.invalidArgument(
                    "env URL '"
                            + url
                            + "' needs the form scheme://host:port/EnvId, e.g. grpc://localhost:50051/CartPole-v1");
        }
        if (uri.getPort() < 0) {
            throw EnvException.invalidArgument("env URL '" + url + "' has no port");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String envId = decode(path.startsWith("/") ? path.substring(1) : path);
        if (envId.isEmpty()) {
            throw EnvException.invalidArgument(
                    "env URL '" + url + "' names no env id after the port");
        }
        return withQuery(
                uri.getScheme(), uri.getHost(), uri.getPort(), null, envId, uri.getRawQuery());
    }

    /** The scheme of a server on a Unix domain socket. */
    public static final String UNIX_SCHEME = "unix";

    /** The longest Unix socket path Linux takes, in bytes (sun_path is 108 with its NUL). */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final String UNIX_FORM =
            "unix:/path/to.sock?env=EnvId, e.g. unix:/tmp/gym.sock?env=CartPole-v1";

    private static EnvAddress parseUnix(String url) {
        String rest = url.substring(UNIX_SCHEME.length() + 1);
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        if (rawPath.startsWith("//")) {
            if (!rawPath.startsWith("///")) {
                throw EnvException.invalidArgument(
                        "env URL '"
                                + url
                                + "' names a host; a Unix socket is on this host: "
                                + UNIX_FORM);
            }
            rawPath = rawPath.substring(2);
        }
        String path = decode(rawPath);
        if (!path.startsWith("/")) {
            throw EnvException.invalidArgument(
                    "env URL '" + url + "' needs an absolute socket path: " + UNIX_FORM);
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw EnvException.invalidArgument(
                    "socket path of env URL '"
                            + url
                            + "' is "
                            + bytes
                            + " bytes long; Linux takes at most "
                            + MAX_SOCKET_PATH_BYTES);
        }
        return withQuery(UNIX_SCHEME, null, -1, path, null, query);
    }

    /**
     * The address with the parameters of {@code query}; {@code envId} null takes the env id from
     * the {@code env} parameter (Unix sockets).
     */
    private static EnvAddress withQuery(
            String scheme, String host, int port, String socketPath, String envId, String query) {
        int numEnvs = 1;
        OptionalInt maxSteps = OptionalInt.empty();
        String renderMode = null;
        AutoresetMode mode = AutoresetMode.NEXT_STEP;
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Map<String, String> connection = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw EnvException.invalidArgument(
                            "env URL parameter '" + pair + "' needs the form key=value");
                }
                String key = decode(pair.substring(0, eq));
                if (key.equals("token")) {
                    throw EnvException.invalidArgument(
                            "a token never goes in the env URL (it is logged and recorded): put it"
                                    + " in a file readable by you only and name the file with"
                                    + " token_file=PATH or GYMBRIDGE_TOKEN_FILE");
                }
                String text = decode(pair.substring(eq + 1));
                if (socketPath != null && key.equals("env")) {
                    envId = text;
                    continue;
                }
                if (CONNECTION_PARAMETERS.contains(key) || ROBOT_PARAMETERS.contains(key)) {
                    connection.put(key, text);
                    continue;
                }
                switch (key) {
                    case "num_envs" -> numEnvs = positiveInt(key, text);
                    case "max_episode_steps" -> maxSteps = OptionalInt.of(positiveInt(key, text));
                    case "render_mode" -> renderMode = text;
                    case "autoreset_mode" -> mode = AutoresetMode.parse(text);
                    default -> kwargs.put(key, typed(text));
                }
            }
        }
        if (envId == null || envId.isEmpty()) {
            throw EnvException.invalidArgument(
                    "env URL of socket " + socketPath + " names no env id: " + UNIX_FORM);
        }
        return new EnvAddress(
                scheme,
                host,
                port,
                envId,
                numEnvs,
                maxSteps,
                renderMode,
                mode,
                kwargs,
                connection,
                socketPath);
    }

    /** {@code host:port}, or for a Unix socket the same as {@link #target()}. */
    public String authority() {
        return socketPath != null ? target() : host + ":" + port;
    }

    /**
     * The server as gRPC names a target: {@code host:port}, or {@code unix:/path/to.sock}
     * (percent-encoded where a URI needs it).
     */
    public String target() {
        if (socketPath == null) {
            return host + ":" + port;
        }
        try {
            return new URI(UNIX_SCHEME, null, socketPath, null).toString();
        } catch (java.net.URISyntaxException e) {
            throw EnvException.invalidArgument("socket path " + socketPath + ": " + e.getReason());
        }
    }

    /** This address with another number of envs. */
    public EnvAddress withNumEnvs(int n) {
        return new EnvAddress(
                scheme,
                host,
                port,
                envId,
                n,
                maxEpisodeSteps,
                renderMode,
                autoresetMode,
                kwargs,
                connection,
                socketPath);
    }

    /** This address with another autoreset mode. */
    public EnvAddress withAutoresetMode(AutoresetMode mode) {
        return new EnvAddress(
                scheme,
                host,
                port,
                envId,
                numEnvs,
                maxEpisodeSteps,
                renderMode,
                mode,
                kwargs,
                connection,
                socketPath);
    }

    /** A URL query value as a typed kwarg. */
    static Object typed(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        if (text.matches("[-+]?\\d+")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?(inf|nan)")) {
            return Double.parseDouble(text.replace("inf", "Infinity").replace("nan", "NaN"));
        }
        return text;
    }

    private static int positiveInt(String key, String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw EnvException.invalidArgument(
                "env URL parameter " + key + " must be a positive integer, got '" + text + "'");
    }

    private static String decode(String s) {
        // Percent-escapes only: a '+' stays a '+' (1e+3 is a number), unlike form encoding.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
