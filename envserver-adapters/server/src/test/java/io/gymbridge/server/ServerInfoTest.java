package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.proto.v1.EnvDescription;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.ListEnvsRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.ServerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GetServerInfo, ListEnvs, the allow-list and the health service. */
class ServerInfoTest {
    private static ManagedChannel channelTo(GymServer[] holder, ServerOptions options) {
        String name = InProcessServerBuilder.generateName();
        holder[0] =
                GymServer.start(
                        InProcessServerBuilder.forName(name), EnvRegistry.withProviders(), options);
        return InProcessChannelBuilder.forName(name).build();
    }

    @Test
    void getServerInfo_reportsProtocolCapabilitiesAndLimits() {
        GymServer[] server = new GymServer[1];
        ManagedChannel channel =
                channelTo(
                        server,
                        ServerOptions.defaults()
                                .withLimits(7, 9)
                                .withLease(Duration.ofMillis(1500)));
        try {
            ServerInfo info =
                    EnvServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getServerInfo(GetServerInfoRequest.getDefaultInstance());
            assertEquals("gymbridge.v1", info.getProtocolVersion());
            assertEquals("gymbridge-java", info.getServerName());
            assertTrue(
                    info.getCapabilitiesList()
                            .containsAll(
                                    List.of(
                                            "stream",
                                            "render",
                                            "autoreset.next_step",
                                            "autoreset.same_step",
                                            "autoreset.disabled",
                                            "step.seq")));
            assertTrue(info.getIncarnation().matches("[0-9a-f]{24}"), info.getIncarnation());
            assertEquals(7, info.getMaxSessions());
            assertEquals(9, info.getMaxNumEnvs());
            assertEquals(2, info.getLeaseSeconds(), "a 1.5 s lease is reported rounded up");
            HealthCheckResponse health =
                    HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS)
                            .check(
                                    HealthCheckRequest.newBuilder()
                                            .setService(EnvServiceGrpc.SERVICE_NAME)
                                            .build());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
        } finally {
            channel.shutdownNow();
            server[0].close();
        }
    }

    @Test
    void listEnvs_allBundledEnvsSortedWithSpacesAndSpecs() {
        GymServer[] server = new GymServer[1];
        ManagedChannel channel = channelTo(server, ServerOptions.defaults());
        try {
            List<EnvDescription> envs =
                    EnvServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS)
                            .listEnvs(ListEnvsRequest.getDefaultInstance())
                            .getEnvsList();
            List<String> ids = envs.stream().map(e -> e.getSpec().getId()).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "sorted");
            assertTrue(
                    ids.containsAll(
                            List.of(
                                    "Acrobot-v1",
                                    "CartPole-v1",
                                    "MountainCar-v0",
                                    "MountainCarContinuous-v0",
                                    "Pendulum-v1")),
                    ids.toString());
            // MuJoCo's ids are listed where MuJoCo is installed; MJCF-v0 needs a model kwarg
            assertTrue(!ids.contains("MJCF-v0"), ids.toString());
            EnvDescription cartPole = envs.get(ids.indexOf("CartPole-v1"));
            assertEquals(2, cartPole.getActionSpace().getDiscrete().getN());
            assertEquals(500, cartPole.getSpec().getMaxEpisodeSteps());
            assertEquals(475.0, cartPole.getSpec().getRewardThreshold());
            assertEquals(List.of(4L), cartPole.getObservationSpace().getBox().getShapeList());
        } finally {
            channel.shutdownNow();
            server[0].close();
        }
    }

    @Test
    void allowList_hidesAndRefusesOtherEnvs() {
        GymServer[] server = new GymServer[1];
        ManagedChannel channel =
                channelTo(
                        server, ServerOptions.defaults().withAllowedEnvIds(Set.of("Pendulum-v1")));
        try {
            var stub =
                    EnvServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
            assertEquals(1, stub.listEnvs(ListEnvsRequest.getDefaultInstance()).getEnvsCount());
            StatusRuntimeException e =
                    assertThrows(
                            StatusRuntimeException.class,
                            () ->
                                    stub.make(
                                            MakeRequest.newBuilder()
                                                    .setEnvId("CartPole-v1")
                                                    .build()));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertTrue(
                    e.getStatus().getDescription().contains("Pendulum-v1"),
                    e.getStatus().getDescription());
        } finally {
            channel.shutdownNow();
            server[0].close();
        }
    }
}
