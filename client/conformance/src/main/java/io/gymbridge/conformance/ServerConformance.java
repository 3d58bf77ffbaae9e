package io.gymbridge.conformance;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.CheckResult;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.grpc.ChannelSecurity;
import io.gymbridge.grpc.RemoteEnv;
import io.gymbridge.grpc.Transport;
import io.gymbridge.proto.v1.EnvDescription;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.ListEnvsRequest;
import io.gymbridge.proto.v1.ServerInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs both suites against a server by URL, as {@code ./gymbridge check --contract URL} does: the
 * {@link EnvContract} on one env ({@code grpc://host:port/EnvId}) or on every env the server lists
 * ({@code grpc://host:port}), then the {@link ErrorContract}. A {@code grpcs://} URL reaches the
 * server over TLS, with the credential files its parameters or the environment name (see {@link
 * ChannelSecurity}).
 *
 * <p>It first reads the server's ServerInfo (a check of its own, {@code server info}: the protocol
 * must be {@code gymbridge.v1}) and settles what the server itself decides:
 *
 * <ul>
 *   <li>Observations are compared with the bundled env of the same id exactly if the server is
 *       {@code gymbridge-java} (it steps the same Java code), and within {@link
 *       EnvContract#NUMPY_OBSERVATION_TOLERANCE} otherwise: any other server, the Python adapter or
 *       a third party's, is taken to compute its dynamics with NumPy or a C library, whose sin and
 *       cos differ from Java's in the last bit now and then. {@link
 *       Builder#optObservationTolerance} overrides that. Env ids without a bundled env skip the
 *       comparison.
 *   <li>The wrong-kwarg-type case is skipped for {@code gymbridge-python}, whose envs take kwargs
 *       of any type as Python envs do; every other server must reject them, as the protocol says.
 * </ul>
 *
 * <p>The server gets no hooks (no lease sweep, no session count): the error contract's lease case
 * runs only if the server's lease is at most 5 s, and its other limits come from ServerInfo. Run it
 * against a server no one else is using: the session-limit case fills it.
 */
public final class ServerConformance {
    private final String target;
    private final Double observationTolerance;
    private final EnvRegistry referenceEnvs;
    private final String boxEnvId;
    private final String boxKwarg;
    private final Duration deadline;

    private ServerConformance(Builder b) {
        this.target = b.target;
        this.observationTolerance = b.observationTolerance;
        this.referenceEnvs =
                b.referenceEnvs == null ? EnvRegistry.withProviders() : b.referenceEnvs;
        this.boxEnvId = b.boxEnvId;
        this.boxKwarg = b.boxKwarg;
        this.deadline = b.deadline;
    }

    /** A builder; only the target is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every case, handing each result to {@code listener} as it comes.
     *
     * @return every result, the {@code server info} check first
     */
    public CheckReport run(Consumer<CheckResult> listener) {
        Target t = Target.parse(target);
        List<CheckResult> results = new ArrayList<>();
        Consumer<CheckResult> report =
                r -> {
                    results.add(r);
                    listener.accept(r);
                };
        ManagedChannel channel =
                ChannelSecurity.of(t.scheme, t.host, t.connection).newChannel(t.authority());
        try {
            ServerInfo info;
            List<String> listed = new ArrayList<>();
            try {
                info = stub(channel).getServerInfo(GetServerInfoRequest.getDefaultInstance());
                for (EnvDescription d :
                        stub(channel)
                                .listEnvs(ListEnvsRequest.getDefaultInstance())
                                .getEnvsList()) {
                    listed.add(d.getSpec().getId());
                }
            } catch (StatusRuntimeException e) {
                report.accept(
                        new CheckResult(
                                "server info",
                                CheckResult.Status.FAIL,
                                "GetServerInfo/ListEnvs at " + t.authority() + " failed: " + e));
                return new CheckReport(results);
            }
            boolean java = "gymbridge-java".equals(info.getServerName());
            double tolerance =
                    observationTolerance != null
                            ? observationTolerance
                            : java ? 0 : EnvContract.NUMPY_OBSERVATION_TOLERANCE;
            report.accept(serverInfo(info, tolerance));
            List<String> envIds = t.envId == null ? listed : List.of(t.envId);
            if (envIds.isEmpty()) {
                report.accept(
                        new CheckResult(
                                "list envs",
                                CheckResult.Status.FAIL,
                                "the server lists no env to run the Env contract on"));
            } else {
                runEnvContract(channel, t, envIds, tolerance, report);
            }
            ErrorContract errors =
                    ErrorContract.builder()
                            .setServer(ServerHandle.of(channel))
                            .optDeadline(deadline)
                            .optBoxEnv(boxEnvId, boxKwarg)
                            .optChecksKwargTypes(!"gymbridge-python".equals(info.getServerName()))
                            .build();
            errors.cases().forEach(c -> report.accept(c.result("error ")));
            return new CheckReport(results);
        } finally {
            channel.shutdownNow();
        }
    }

    private void runEnvContract(
            Channel channel,
            Target t,
            List<String> envIds,
            double tolerance,
            Consumer<CheckResult> report) {
        EnvContract env =
                EnvContract.builder()
                        .setOpener((id, kwargs) -> open(channel, t, id, kwargs))
                        .optEnvIds(envIds)
                        .optObservationTolerance(tolerance)
                        .optReferenceEnvs(referenceEnvs)
                        .build();
        env.cases().forEach(c -> report.accept(c.result("env ")));
    }

    private EnvServiceGrpc.EnvServiceBlockingStub stub(Channel channel) {
        return EnvServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CheckResult serverInfo(ServerInfo info, double tolerance) {
        String what =
                info.getServerName()
                        + " "
                        + info.getServerVersion()
                        + " speaking "
                        + info.getProtocolVersion()
                        + "; max_sessions "
                        + info.getMaxSessions()
                        + ", max_num_envs "
                        + info.getMaxNumEnvs()
                        + ", lease "
                        + info.getLeaseSeconds()
                        + " s; observations compared with the bundled envs "
                        + (tolerance == 0 ? "exactly" : "within " + tolerance + " relative");
        return "gymbridge.v1".equals(info.getProtocolVersion())
                ? new CheckResult("server info", CheckResult.Status.PASS, what)
                : new CheckResult(
                        "server info",
                        CheckResult.Status.FAIL,
                        "protocol_version must be gymbridge.v1: " + what);
    }

    private Env<Object, Object> open(
            Channel channel, Target t, String envId, Map<String, Object> kwargs) {
        Map<String, Object> own = new LinkedHashMap<>(kwargs);
        Object steps = own.remove("max_episode_steps");
        EnvAddress address =
                new EnvAddress(
                        t.scheme,
                        t.host,
                        t.port,
                        envId,
                        1,
                        steps == null
                                ? OptionalInt.empty()
                                : OptionalInt.of(((Number) steps).intValue()),
                        null,
                        AutoresetMode.DISABLED,
                        own,
                        t.connection(),
                        t.socketPath());
        return RemoteEnv.open(channel, address, Transport.STREAM, deadline);
    }

    /**
     * {@code grpc://host:port} or {@code grpcs://host:port} with an optional env id as its path,
     * and no parameters but the connection's.
     */
    record Target(
            String scheme,
            String host,
            int port,
            String envId,
            Map<String, String> connection,
            String socketPath) {
        String authority() {
            if (socketPath != null) {
                return EnvAddress.UNIX_SCHEME + ":" + socketPath;
            }
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }

        static Target parse(String url) {
            if (url.startsWith(EnvAddress.UNIX_SCHEME + ":")) {
                return parseUnix(url);
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed URL '" + url + "': " + e.getReason());
            }
            String scheme = uri.getScheme();
            if (!("grpc".equals(scheme) || "grpcs".equals(scheme))
                    || uri.getHost() == null
                    || uri.getPort() < 0) {
                throw new IllegalArgumentException(
                        "a contract check needs grpc://host:port or grpc://host:port/EnvId (grpcs://"
                                + " for TLS; unix:/path/to.sock[?env=EnvId] for a Unix socket), got '"
                                + url
                                + "'");
            }
            Map<String, String> connection = new LinkedHashMap<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    if (eq < 0 || !EnvAddress.CONNECTION_PARAMETERS.contains(key)) {
                        throw new IllegalArgumentException(
                                "a contract check takes no URL parameters but the connection's "
                                        + EnvAddress.CONNECTION_PARAMETERS
                                        + " (the cases choose their own kwargs), got '"
                                        + pair
                                        + "'");
                    }
                    connection.put(
                            key,
                            URLDecoder.decode(
                                    pair.substring(eq + 1).replace("+", "%2B"),
                                    StandardCharsets.UTF_8));
                }
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String envId =
                    URLDecoder.decode(
                            path.startsWith("/") ? path.substring(1) : path,
                            StandardCharsets.UTF_8);
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Target(
                    scheme, host, uri.getPort(), envId.isEmpty() ? null : envId, connection, null);
        }

        /**
         * {@code unix:/path/to.sock} (every listed env) or {@code unix:/path/to.sock?env=EnvId}, as
         * the client's Unix URLs name a socket, with the connection's parameters only.
         */
        private static Target parseUnix(String url) {
            String rest = url.substring(EnvAddress.UNIX_SCHEME.length() + 1);
            int q = rest.indexOf('?');
            String path = q < 0 ? rest : rest.substring(0, q);
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "a contract check over a Unix socket needs an absolute path:"
                                + " unix:/path/to.sock or unix:/path/to.sock?env=EnvId, got '"
                                + url
                                + "'");
            }
            String envId = null;
            Map<String, String> connection = new LinkedHashMap<>();
            if (q >= 0) {
                for (String pair : rest.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value =
                            eq < 0
                                    ? ""
                                    : URLDecoder.decode(
                                            pair.substring(eq + 1).replace("+", "%2B"),
                                            StandardCharsets.UTF_8);
                    if (key.equals("env") && eq > 0) {
                        envId = value;
                    } else if (eq > 0 && EnvAddress.CONNECTION_PARAMETERS.contains(key)) {
                        connection.put(key, value);
                    } else {
                        throw new IllegalArgumentException(
                                "a contract check over a Unix socket takes env=EnvId and the"
                                        + " connection's parameters "
                                        + EnvAddress.CONNECTION_PARAMETERS
                                        + ", got '"
                                        + pair
                                        + "'");
                    }
                }
            }
            return new Target(EnvAddress.UNIX_SCHEME, null, -1, envId, connection, path);
        }
    }

    /** Settings of a {@link ServerConformance}. */
    public static final class Builder {
        private String target;
        private Double observationTolerance;
        private EnvRegistry referenceEnvs;
        private String boxEnvId = "Pendulum-v1";
        private String boxKwarg = "g";
        private Duration deadline = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * The server, and optionally one env of it: {@code grpc://host:port/EnvId} runs the Env
         * contract on that env, {@code grpc://host:port} on every env the server lists (required).
         */
        public Builder setTarget(String url) {
            this.target = url;
            return this;
        }

        /**
         * The observation tolerance of the trajectory comparison (see {@link
         * EnvContract#observationTolerance()}); by default chosen from the server's name as the
         * class comment says.
         */
        public Builder optObservationTolerance(double tolerance) {
            this.observationTolerance = tolerance;
            return this;
        }

        /** The reference envs; by default {@link EnvRegistry#withProviders()}. */
        public Builder optReferenceEnvs(EnvRegistry referenceEnvs) {
            this.referenceEnvs = referenceEnvs;
            return this;
        }

        /** The error contract's Box env and numeric kwarg (see {@link ErrorContract.Builder}). */
        public Builder optBoxEnv(String envId, String numericKwarg) {
            this.boxEnvId = envId;
            this.boxKwarg = numericKwarg;
            return this;
        }

        /** The deadline of every call; 10 s by default. */
        public Builder optDeadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * The runner.
         *
         * @throws IllegalArgumentException naming the setting that is missing or malformed
         */
        public ServerConformance build() {
            if (target == null) {
                throw new IllegalArgumentException("target is required (setTarget)");
            }
            Target.parse(target);
            if (observationTolerance != null
                    && (!(observationTolerance >= 0) || observationTolerance.isInfinite())) {
                throw new IllegalArgumentException(
                        "observationTolerance must be finite and >= 0, got "
                                + observationTolerance);
            }
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, got " + deadline);
            }
            return new ServerConformance(this);
        }
    }
}
