package io.gymbridge.server;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A gymbridge.v1 env server: serves every env of a registry (the bundled ones by default) over
 * gRPC, with the standard health service and, on loopback or when asked, reflection.
 *
 * <pre>{@code
 * try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
 *     Env<Tensor, Integer> env = Envs.make("grpc://127.0.0.1:" + server.port() + "/CartPole-v1");
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close} drains: it stops accepting calls, lets in-flight ones finish (up to {@link
 * ServerOptions#drainGrace()}), then closes every session's envs.
 *
 * <p>On a network, {@link #start(ServerOptions, NetworkOptions)} adds TLS, client certificates and
 * bearer tokens; every session belongs to the caller that made it (see {@link NetworkOptions}).
 */
public final class GymServer implements AutoCloseable {
    private static final Logger log = Logger.getLogger(GymServer.class.getName());

    private final Server server;
    private final ServerOptions options;
    private final SessionStore sessions;
    private final EnvServiceImpl service;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ScheduledExecutorService reaper;
    private final ExecutorService executor;
    private final CredentialFiles credentials;
    private UnixSocket unixSocket;
    private boolean closed;
    private final int maxMessageBytes;
    private final ExecutorService stopExecutor;
    private final ExecutorService stopLog;

    /** The sessions' watchdogs run here: never behind a call or a session's lock. */
    private final ScheduledExecutorService watchdogs;

    private GymServer(
            ServerBuilder<?> builder,
            EnvRegistry registry,
            ServerOptions options,
            NetworkOptions network,
            CredentialFiles credentials) {
        this.options = options;
        this.credentials = credentials;
        this.sessions =
                new SessionStore(
                        options.maxSessions(),
                        network.maxSessionsPerCaller(),
                        network.maxEnvsPerCaller(),
                        options.lease());
        this.stopLog = Executors.newSingleThreadExecutor(daemon("gymbridge-estop-log"));
        this.watchdogs = Executors.newSingleThreadScheduledExecutor(daemon("gymbridge-watchdog"));
        this.service =
                new EnvServiceImpl(
                        new EnvRequests(
                                registry,
                                sessions,
                                options,
                                network.operators(),
                                stopLog,
                                watchdogs));
        if (options.directExecutor()) {
            builder.directExecutor();
            executor = null;
        } else {
            executor = Executors.newCachedThreadPool(daemon("gymbridge-call"));
            builder.executor(executor);
        }
        // Emergency stops on their own thread: never queued behind steps on the call executor
        this.stopExecutor = Executors.newSingleThreadExecutor(daemon("gymbridge-estop"));
        builder.callExecutor(
                new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                        return call.getMethodDescriptor()
                                        .getFullMethodName()
                                        .equals(
                                                EnvServiceGrpc.getEmergencyStopMethod()
                                                        .getFullMethodName())
                                ? stopExecutor
                                : null;
                    }
                });
        this.maxMessageBytes = maxMessageBytes(registry, options, network);
        builder.maxInboundMessageSize(maxMessageBytes)
                .intercept(
                        new CallerInterceptor(
                                network.tokens() == null ? null : credentials::tokens))
                .addService(service)
                .addService(health.getHealthService());
        if (network.reflectionOn(options.host())) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        this.server = builder.build();
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("gymbridge-lease"));
        long period = Math.max(10, Math.min(options.lease().toMillis() / 4, 5_000));
        reaper.scheduleWithFixedDelay(sessions::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a server on {@code options.host():options.port()} serving the bundled envs (every
     * {@link io.gymbridge.env.EnvProvider} on the class path), in plaintext: on loopback only
     * unless {@link #start(ServerOptions, NetworkOptions)} says otherwise.
     *
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalArgumentException if the host is not a loopback address
     */
    public static GymServer start(ServerOptions options) {
        return start(options, NetworkOptions.defaults());
    }

    /**
     * Starts a server on {@code options.host():options.port()} serving the bundled envs, with
     * {@code network}'s TLS, authentication and limits.
     *
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalArgumentException if the network options would expose sessions (see {@link
     *     NetworkOptions#checkBind}), or a credential file cannot be used, saying why
     */
    public static GymServer start(ServerOptions options, NetworkOptions network) {
        network.checkBind(options.host());
        CredentialFiles credentials = CredentialFiles.load(network);
        try {
            return start(
                    ServerTransport.builder(options, network, credentials),
                    EnvRegistry.withProviders(),
                    options,
                    network,
                    credentials);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    /**
     * Starts a server on any transport (tests pass an in-process builder) serving {@code registry}.
     *
     * @throws UncheckedIOException if the server cannot start
     */
    public static GymServer start(
            ServerBuilder<?> builder, EnvRegistry registry, ServerOptions options) {
        return start(builder, registry, options, NetworkOptions.defaults());
    }

    /**
     * Starts a server on any transport with {@code network}'s tokens and per-caller limits (TLS
     * belongs to the transport: use {@link #start(ServerOptions, NetworkOptions)} for it).
     *
     * @throws UncheckedIOException if the server cannot start
     * @throws IllegalArgumentException if the options ask for TLS, or the tokens file is unusable
     */
    public static GymServer start(
            ServerBuilder<?> builder,
            EnvRegistry registry,
            ServerOptions options,
            NetworkOptions network) {
        if (network.tls()) {
            throw new IllegalArgumentException(
                    "TLS is the transport's: start(ServerOptions, NetworkOptions) sets it up");
        }
        CredentialFiles credentials = CredentialFiles.load(network);
        try {
            return start(builder, registry, options, network, credentials);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    private static GymServer start(
            ServerBuilder<?> builder,
            EnvRegistry registry,
            ServerOptions options,
            NetworkOptions network,
            CredentialFiles credentials) {
        GymServer s = new GymServer(builder, registry, options, network, credentials);
        try {
            s.server.start();
        } catch (IOException e) {
            s.reaper.shutdownNow();
            s.watchdogs.shutdownNow();
            s.stopExecutor.shutdownNow();
            s.stopLog.shutdown();
            throw new UncheckedIOException(
                    "cannot listen on "
                            + options.host()
                            + ":"
                            + options.port()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        s.health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        s.health.setStatus(
                io.gymbridge.proto.v1.EnvServiceGrpc.SERVICE_NAME,
                io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        return s;
    }

    /**
     * Starts a server on a Unix domain socket at {@code socket} (Linux), for a learner on the same
     * host: the socket file is its owner's alone (0600), so its permissions are the access control;
     * it is removed on {@link #close}. Clients connect with {@code unix:/path/to.sock?env=EnvId}.
     * The host and port of the options are not used.
     *
     * @throws IllegalArgumentException if the path is longer than Linux allows (107 bytes), its
     *     directory does not exist, or a server listens there already
     * @throws UnsupportedOperationException if this is not Linux
     * @throws UncheckedIOException if the server cannot listen there
     */
    public static GymServer startUnix(Path socket, ServerOptions options) {
        return startUnix(socket, EnvRegistry.withProviders(), options, NetworkOptions.defaults());
    }

    /**
     * As {@link #startUnix(Path, ServerOptions)}, with {@code network}'s tokens and per-caller
     * limits (not TLS: the socket never leaves this host, and its permissions decide who connects).
     *
     * @throws IllegalArgumentException also if the network options ask for TLS
     */
    public static GymServer startUnix(Path socket, ServerOptions options, NetworkOptions network) {
        return startUnix(socket, EnvRegistry.withProviders(), options, network);
    }

    /** As {@link #startUnix(Path, ServerOptions, NetworkOptions)}, serving {@code registry}. */
    public static GymServer startUnix(
            Path socket, EnvRegistry registry, ServerOptions options, NetworkOptions network) {
        if (network.tls()) {
            throw new IllegalArgumentException(
                    "a Unix domain socket is served without TLS: it never leaves this host, and"
                            + " its file permissions (0600) decide who may connect");
        }
        UnixSocket unix = UnixSocket.prepare(socket);
        GymServer s;
        try {
            s = start(unix.builder(), registry, options, network);
        } catch (UncheckedIOException e) {
            unix.close();
            throw new UncheckedIOException(
                    "cannot listen on unix:" + unix.path() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (RuntimeException e) {
            unix.close();
            throw e;
        }
        s.unixSocket = unix;
        try {
            unix.publish();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The socket path of a server started by {@link #startUnix}, else null. */
    public Path unixSocket() {
        return unixSocket == null ? null : unixSocket.path();
    }

    /** The bound port (the chosen one if the options asked for port 0), or -1 in-process. */
    public int port() {
        return server.getPort();
    }

    /** The options the server runs with. */
    public ServerOptions options() {
        return options;
    }

    /** Number of open sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes the sessions idle past the lease now, rather than at the next periodic sweep. */
    public int expireIdleSessions() {
        return sessions.expireIdle();
    }

    /**
     * Reads again the credential files that changed, now rather than at the next periodic check.
     */
    public void reloadCredentials() {
        credentials.reloadChanged();
    }

    /** Blocks until the server terminates. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Drains and stops the server, then closes every session. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        server.shutdown();
        service.drain();
        try {
            if (!server.awaitTermination(options.drainGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warning(
                        "in-flight calls did not finish within "
                                + options.drainGrace()
                                + "; cancelling them");
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            reaper.shutdownNow();
            watchdogs.shutdownNow();
            stopExecutor.shutdownNow();
            stopLog.shutdown(); // the lines already queued are still written
            credentials.close();
            if (executor != null) {
                executor.shutdownNow();
            }
            sessions.closeAll();
            if (unixSocket != null) {
                unixSocket.close();
            }
        }
    }

    /**
     * The operator's inbound limit, or the one derived from the served envs ({@link InboundLimit}).
     */
    private static int maxMessageBytes(
            EnvRegistry registry, ServerOptions options, NetworkOptions network) {
        if (network.maxMessageBytes() > 0) {
            log.info(
                    () -> "largest inbound message: " + network.maxMessageBytes() + " bytes (set)");
            return network.maxMessageBytes();
        }
        InboundLimit.Derived d =
                InboundLimit.derive(
                        registry, List.copyOf(options.allowedEnvIds()), options.maxNumEnvs());
        log.info(
                () ->
                        "largest inbound message: "
                                + d.bytes()
                                + " bytes (largest action "
                                + d.largestActionBytes()
                                + " bytes, "
                                + d.largestEnv()
                                + ", x "
                                + options.maxNumEnvs()
                                + " envs x 2 + 1 MiB, at least 4 MiB)");
        return d.bytes();
    }

    /** The largest inbound message this server accepts, in bytes. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
