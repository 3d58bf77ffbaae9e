package io.gymbridge.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.gymbridge.env.EnvRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A gymbridge.v1 env server: serves every env of a registry (the bundled ones by default) over
 * gRPC, with the standard health and reflection services.
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
 */
public final class GymServer implements AutoCloseable {
    private static final Logger log = Logger.getLogger(GymServer.class.getName());

    /** Largest request accepted: big enough for a batch of image observations or actions. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final Server server;
    private final ServerOptions options;
    private final SessionStore sessions;
    private final EnvServiceImpl service;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ScheduledExecutorService reaper;
    private final ExecutorService executor;
    private UnixSocket unixSocket;
    private boolean closed;

    private GymServer(ServerBuilder<?> builder, EnvRegistry registry, ServerOptions options) {
        this.options = options;
        this.sessions = new SessionStore(options.maxSessions(), options.lease());
        this.service = new EnvServiceImpl(new EnvRequests(registry, sessions, options));
        if (options.directExecutor()) {
            builder.directExecutor();
            executor = null;
        } else {
            executor = Executors.newCachedThreadPool(daemon("gymbridge-call"));
            builder.executor(executor);
        }
        this.server =
                builder.maxInboundMessageSize(MAX_MESSAGE_BYTES)
                        .addService(service)
                        .addService(health.getHealthService())
                        .addService(ProtoReflectionServiceV1.newInstance())
                        .build();
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("gymbridge-lease"));
        long period = Math.max(10, Math.min(options.lease().toMillis() / 4, 5_000));
        reaper.scheduleWithFixedDelay(sessions::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a server on {@code options.host():options.port()} serving the bundled envs (every
     * {@link io.gymbridge.env.EnvProvider} on the class path).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static GymServer start(ServerOptions options) {
        return start(
                NettyServerBuilder.forAddress(
                        new InetSocketAddress(options.host(), options.port())),
                EnvRegistry.withProviders(),
                options);
    }

    /**
     * Starts a server on any transport (tests pass an in-process builder) serving {@code registry}.
     *
     * @throws UncheckedIOException if the server cannot start
     */
    public static GymServer start(
            ServerBuilder<?> builder, EnvRegistry registry, ServerOptions options) {
        GymServer s = new GymServer(builder, registry, options);
        try {
            s.server.start();
        } catch (IOException e) {
            s.reaper.shutdownNow();
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
        return startUnix(socket, EnvRegistry.withProviders(), options);
    }

    /** As {@link #startUnix(Path, ServerOptions)}, serving {@code registry}. */
    public static GymServer startUnix(Path socket, EnvRegistry registry, ServerOptions options) {
        UnixSocket unix = UnixSocket.prepare(socket);
        GymServer s;
        try {
            s = start(unix.builder(), registry, options);
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
            if (executor != null) {
                executor.shutdownNow();
            }
            sessions.closeAll();
            if (unixSocket != null) {
                unixSocket.close();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
