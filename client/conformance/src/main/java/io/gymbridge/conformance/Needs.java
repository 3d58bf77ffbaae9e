package io.gymbridge.conformance;

import io.gymbridge.proto.v1.EnvDescription;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.ListEnvsRequest;
import io.gymbridge.proto.v1.ServerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the {@link ErrorContract}'s cases need from the server under test, as its options say or as
 * the server reports it (ServerInfo and ListEnvs, fetched once): each method returns what a case
 * needs, or skips the case with {@link CaseSkipped} saying what is missing.
 */
final class Needs {
    private static final String CARTPOLE = ErrorContract.DISCRETE_ENV_ID;

    private final ServerHandle server;
    private final Duration deadline;
    private final int maxSessions;
    private final int maxNumEnvs;
    private final String boxEnvId;
    private final String boxKwarg;
    private final String explodingEnvId;
    private final boolean checksKwargTypes;
    private final Duration shortLease;
    private final ServerHandle.Starter shortLeaseServer;
    private final Duration maxLeaseWait;
    private Discovered discovered;

    Needs(
            ServerHandle server,
            Duration deadline,
            int maxSessions,
            int maxNumEnvs,
            String boxEnvId,
            String boxKwarg,
            String explodingEnvId,
            boolean checksKwargTypes,
            Duration shortLease,
            ServerHandle.Starter shortLeaseServer,
            Duration maxLeaseWait) {
        this.server = server;
        this.deadline = deadline;
        this.maxSessions = maxSessions;
        this.maxNumEnvs = maxNumEnvs;
        this.boxEnvId = boxEnvId;
        this.boxKwarg = boxKwarg;
        this.explodingEnvId = explodingEnvId;
        this.checksKwargTypes = checksKwargTypes;
        this.shortLease = shortLease;
        this.shortLeaseServer = shortLeaseServer;
        this.maxLeaseWait = maxLeaseWait;
    }

    /** Skips the case unless the server advertises {@code capability} in its ServerInfo. */
    void requireCapability(String capability) {
        if (!discovered().info.getCapabilitiesList().contains(capability)) {
            throw new CaseSkipped(
                    "the server does not advertise "
                            + capability
                            + "; it advertises "
                            + discovered().info.getCapabilitiesList());
        }
    }

    /** Skips the case unless the server lists {@code envId}. */
    void requireEnv(String envId, String role) {
        if (!discovered().envIds.contains(envId)) {
            throw new CaseSkipped(
                    "needs "
                            + envId
                            + " ("
                            + role
                            + "), which the server does not list; it lists "
                            + abbreviated(discovered().envIds));
        }
    }

    void requireDiscreteEnv() {
        requireEnv(CARTPOLE, "the protocol's reference env, with Discrete(2) actions");
    }

    String boxEnvId() {
        requireEnv(boxEnvId, "an env with Box actions; choose one with optBoxEnv");
        return boxEnvId;
    }

    String boxKwarg() {
        String id = boxEnvId();
        if (boxKwarg == null) {
            throw new CaseSkipped("no numeric kwarg of " + id + " given (optBoxEnv)");
        }
        return boxKwarg;
    }

    boolean checksKwargTypes() {
        return checksKwargTypes;
    }

    String explodingEnvId() {
        if (explodingEnvId == null) {
            throw new CaseSkipped("no env that raises on purpose given (optExplodingEnv)");
        }
        requireEnv(
                explodingEnvId,
                "an env whose step with action 1 raises and whose kwarg fail_on_make=true makes"
                        + " its constructor raise, which a test server registers");
        return explodingEnvId;
    }

    int maxSessions() {
        int n = maxSessions > 0 ? maxSessions : discovered().info.getMaxSessions();
        if (n <= 0) {
            throw new CaseSkipped("the server reports no max_sessions (ServerInfo)");
        }
        if (n > ErrorContract.MAX_SESSIONS_TO_FILL) {
            throw new CaseSkipped(
                    "the server allows "
                            + n
                            + " sessions; this case opens that many and does so only up to "
                            + ErrorContract.MAX_SESSIONS_TO_FILL
                            + " (serve with a smaller --max-sessions to run it)");
        }
        return n;
    }

    int maxNumEnvs() {
        int n = maxNumEnvs > 0 ? maxNumEnvs : discovered().info.getMaxNumEnvs();
        if (n <= 0) {
            throw new CaseSkipped("the server reports no max_num_envs (ServerInfo)");
        }
        return n;
    }

    /** A starter of a short-lease server and its lease, or null to use the server under test. */
    ServerHandle.Starter shortLeaseServer() {
        return shortLeaseServer;
    }

    Duration shortLease() {
        return shortLease;
    }

    /** The lease of the server under test, if it is short enough to wait for; else skips. */
    Duration ownLease() {
        long seconds = discovered().info.getLeaseSeconds();
        Duration lease = Duration.ofSeconds(seconds);
        if (seconds <= 0 || lease.compareTo(maxLeaseWait) > 0) {
            throw new CaseSkipped(
                    "the server's lease is "
                            + seconds
                            + " s and no way to start one with a short lease was given; the case"
                            + " waits 3 leases, so it runs only for a lease of at most "
                            + maxLeaseWait.toSeconds()
                            + " s (serve with --lease-seconds 1 to run it)");
        }
        return lease;
    }

    private record Discovered(ServerInfo info, Set<String> envIds) {}

    private synchronized Discovered discovered() {
        if (discovered == null) {
            EnvServiceGrpc.EnvServiceBlockingStub stub =
                    EnvServiceGrpc.newBlockingStub(server.channel());
            ServerInfo info =
                    stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                            .getServerInfo(GetServerInfoRequest.getDefaultInstance());
            Set<String> ids = new LinkedHashSet<>();
            for (EnvDescription d :
                    stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                            .listEnvs(ListEnvsRequest.getDefaultInstance())
                            .getEnvsList()) {
                ids.add(d.getSpec().getId());
            }
            discovered = new Discovered(info, ids);
        }
        return discovered;
    }

    private static String abbreviated(Set<String> ids) {
        List<String> list = new ArrayList<>(ids);
        return list.size() <= 8
                ? list.toString()
                : list.subList(0, 8) + " and " + (list.size() - 8) + " more";
    }
}
