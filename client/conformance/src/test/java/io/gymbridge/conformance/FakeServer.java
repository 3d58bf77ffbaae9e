package io.gymbridge.conformance;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.gymbridge.proto.v1.EnvDescription;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.EnvSpec;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.ListEnvsRequest;
import io.gymbridge.proto.v1.ListEnvsResponse;
import io.gymbridge.proto.v1.ServerInfo;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server that answers GetServerInfo and ListEnvs and nothing else (UNIMPLEMENTED), as a third
 * party's half-written server would: enough to see the suites skip and fail, with reasons.
 */
final class FakeServer extends EnvServiceGrpc.EnvServiceImplBase implements AutoCloseable {
    private final ServerInfo info;
    private final List<String> envIds;
    private Server server;

    FakeServer(String name, int maxSessions, long leaseSeconds, List<String> envIds) {
        this.info =
                ServerInfo.newBuilder()
                        .setProtocolVersion("gymbridge.v1")
                        .setServerName(name)
                        .setServerVersion("0.0.1")
                        .setMaxSessions(maxSessions)
                        .setMaxNumEnvs(8)
                        .setLeaseSeconds(leaseSeconds)
                        .build();
        this.envIds = envIds;
    }

    /** Serves on a free loopback port. */
    FakeServer start() throws IOException {
        server =
                Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                        .addService(this)
                        .build()
                        .start();
        return this;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void getServerInfo(GetServerInfoRequest request, StreamObserver<ServerInfo> out) {
        out.onNext(info);
        out.onCompleted();
    }

    @Override
    public void listEnvs(ListEnvsRequest request, StreamObserver<ListEnvsResponse> out) {
        ListEnvsResponse.Builder r = ListEnvsResponse.newBuilder();
        for (String id : envIds) {
            r.addEnvs(EnvDescription.newBuilder().setSpec(EnvSpec.newBuilder().setId(id)));
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
