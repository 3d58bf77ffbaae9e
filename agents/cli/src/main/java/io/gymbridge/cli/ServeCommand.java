package io.gymbridge.cli;

import io.gymbridge.env.EnvRegistry;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.NetworkOptions;
import io.gymbridge.server.ServerOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gymbridge serve}: runs the Java env server until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the bundled envs over gRPC (gymbridge.v1) until stopped with SIGTERM or Ctrl-C.",
            "",
            "On loopback (the default) it serves plaintext to anyone on this machine. Beyond"
                    + " loopback it needs TLS (--tls-cert, --tls-key), and should authenticate"
                    + " clients with --tls-client-ca and/or --tokens; each session then belongs to"
                    + " the caller that made it. See docs/network.md."
        })
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "50051",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description =
                    "Address to bind (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for every"
                            + " interface, which needs TLS or --insecure).")
    String host;

    @Option(
            names = "--unix",
            paramLabel = "PATH",
            description =
                    "Listen on a Unix domain socket at PATH instead of a TCP port (Linux), for a"
                            + " learner on this host: the socket file is yours alone (0600) and"
                            + " is removed on exit. Clients open unix:PATH?env=EnvId.")
    java.nio.file.Path unix;

    @Option(
            names = "--allow",
            split = ",",
            paramLabel = "ID",
            description = "Serve only these env ids (comma-separated). Default: every bundled env.")
    List<String> allow = List.of();

    @Option(
            names = "--max-sessions",
            defaultValue = "256",
            description = "Most open sessions (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(
            names = "--max-num-envs",
            defaultValue = "1024",
            description = "Largest num_envs of one session (default: ${DEFAULT-VALUE}).")
    int maxNumEnvs;

    @Option(
            names = "--lease-seconds",
            defaultValue = "600",
            description = "Close sessions idle this long (default: ${DEFAULT-VALUE}).")
    long leaseSeconds;

    @Option(
            names = "--executor",
            defaultValue = "direct",
            description =
                    "direct: run calls on the transport threads (lowest latency); pool: on a thread pool (slow envs do not hold up others). Default: ${DEFAULT-VALUE}.")
    String executor;

    @Option(
            names = "--mujoco-models",
            description =
                    "A directory of MJCF models that MJCF-v0 (and the MuJoCo envs' xml_file kwarg)"
                            + " may open by file name; clients never send paths.")
    java.nio.file.Path mujocoModels;

    @Option(
            names = "--python",
            description =
                    "Serve Gymnasium envs with the Python adapter (python -m gymbridge_server) instead;"
                            + " the launcher passes the other flags on. See envserver-adapters/python/README.md.")
    boolean python;

    @ArgGroup(validate = false, heading = "%nSecurity (see docs/network.md):%n")
    NetworkFlags.Security security = new NetworkFlags.Security();

    @ArgGroup(validate = false, heading = "%nPer-caller and connection limits:%n")
    NetworkFlags.Limits limits = new NetworkFlags.Limits();

    @Override
    public Integer call() throws InterruptedException {
        if (python) {
            throw new IllegalArgumentException(
                    "--python is handled by the ./gymbridge launcher script: run ./gymbridge serve --python ...");
        }
        if (!executor.equals("direct") && !executor.equals("pool")) {
            throw new IllegalArgumentException(
                    "--executor must be direct or pool, got " + executor);
        }
        if (mujocoModels != null) {
            if (!java.nio.file.Files.isDirectory(mujocoModels)) {
                throw new IllegalArgumentException(
                        "--mujoco-models " + mujocoModels + " is not a directory");
            }
            System.setProperty(
                    io.gymbridge.envs.mujoco.Mujoco.MODELS_PROPERTY,
                    mujocoModels.toAbsolutePath().toString());
        }
        EnvRegistry registry = EnvRegistry.withProviders();
        Set<String> allowed = new HashSet<>(allow);
        for (String id : allowed) {
            if (!registry.contains(id)) {
                List<String> close = registry.closest(id, 3);
                throw new IllegalArgumentException(
                        "--allow names unknown env id '"
                                + id
                                + "'"
                                + (close.isEmpty()
                                        ? "; known: " + registry.ids()
                                        : "; did you mean " + String.join(", ", close) + "?"));
            }
        }
        ServerOptions options =
                ServerOptions.defaults()
                        .withHost(host)
                        .withPort(port)
                        .withAllowedEnvIds(allowed)
                        .withLimits(maxSessions, maxNumEnvs)
                        .withLease(Duration.ofSeconds(leaseSeconds))
                        .withDirectExecutor(executor.equals("direct"));
        NetworkOptions network = NetworkFlags.options(security, limits);
        GymServer server =
                unix != null
                        ? GymServer.startUnix(unix, options, network)
                        : GymServer.start(options, network);
        Thread hook =
                new Thread(
                        () -> {
                            System.err.println(
                                    "gymbridge: shutting down, draining in-flight calls");
                            server.close();
                        },
                        "gymbridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(
                "gymbridge server listening on "
                        + (unix != null
                                ? "unix:" + server.unixSocket()
                                : host + ":" + server.port())
                        + " ("
                        + NetworkFlags.describe(network)
                        + "), serving "
                        + (allowed.isEmpty()
                                ? registry.ids()
                                : allowed.stream().sorted().toList()));
        System.out.flush();
        server.awaitTermination();
        return 0;
    }
}
