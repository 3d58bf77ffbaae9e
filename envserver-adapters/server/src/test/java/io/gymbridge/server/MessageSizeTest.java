package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.proto.v1.DType;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.Tensor;
import io.gymbridge.proto.v1.Value;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The inbound limit that docs/protocol.md states, on a real loopback server (the in-process
 * transport does not enforce it): derived from the largest Step the server serves (max_num_envs of
 * its largest action, twice, plus 1 MiB, at least 4 MiB), or set by the operator. Requests up to it
 * are parsed and judged, larger ones are RESOURCE_EXHAUSTED, and the server goes on.
 */
class MessageSizeTest {

    @Test
    void bundledEnvs_smallActions_limitIsTheFloor_largerStepRefused_sessionGoesOn()
            throws Exception {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            assertEquals(InboundLimit.FLOOR_BYTES, server.maxMessageBytes());
            assertStepsAroundTheLimit(server.port(), server.maxMessageBytes(), "CartPole-v1");
        }
    }

    @Test
    void envWithImageActions_limitGrowsWithMaxNumEnvs() throws Exception {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(IMAGE_ACTIONS), (spec, kwargs, renderMode) -> new ImageActionEnv(spec));
        ServerOptions options =
                ServerOptions.defaults()
                        .withPort(0)
                        .withAllowedEnvIds(Set.of(IMAGE_ACTIONS, "CartPole-v1"))
                        .withLimits(16, 512);
        try (GymServer server =
                GymServer.start(
                        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                        registry,
                        options)) {
            // a [64, 64, 3] uint8 action: 12,288 bytes and a few of framing, x 512 x 2 + 1 MiB
            int derived = server.maxMessageBytes();
            assertTrue(
                    derived > 2 * 512 * 12_288 + (1 << 20) && derived < 14 << 20,
                    "derived " + derived);
            assertStepsAroundTheLimit(server.port(), derived, "CartPole-v1");
        }
        try (GymServer server =
                GymServer.start(
                        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                        registry,
                        options.withLimits(16, 8))) {
            assertEquals(InboundLimit.FLOOR_BYTES, server.maxMessageBytes(), "8 envs: the floor");
        }
    }

    @Test
    void operatorSetLimit_used_andTooSmallRefused() throws Exception {
        try (GymServer server =
                GymServer.start(
                        ServerOptions.defaults().withPort(0),
                        NetworkOptions.builder().optMaxMessageBytes(6 << 20).build())) {
            assertEquals(6 << 20, server.maxMessageBytes());
            assertStepsAroundTheLimit(server.port(), 6 << 20, "CartPole-v1");
        }
        IllegalArgumentException small =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> NetworkOptions.builder().optMaxMessageBytes(1 << 20));
        assertTrue(small.getMessage().contains("4194304"), small.getMessage());
    }

    /**
     * A Step 1 MiB under {@code limit} is parsed and judged (INVALID_ARGUMENT naming the env), one
     * 1 MiB over it is RESOURCE_EXHAUSTED, and then a good step works on the same session.
     */
    private static void assertStepsAroundTheLimit(int port, int limit, String envId)
            throws Exception {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port)
                        .usePlaintext()
                        .maxInboundMessageSize(64 << 20)
                        .build();
        try {
            var stub = EnvServiceGrpc.newBlockingStub(channel);
            String id =
                    stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .make(MakeRequest.newBuilder().setEnvId(envId).build())
                            .getSessionId();
            stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .reset(ResetRequest.newBuilder().setSessionId(id).build());

            var parsed =
                    assertThrows(
                            StatusRuntimeException.class,
                            () ->
                                    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                            .step(int64Actions(id, limit - (1 << 20))));
            assertEquals(Status.Code.INVALID_ARGUMENT, parsed.getStatus().getCode());
            assertTrue(
                    parsed.getStatus().getDescription().contains(envId),
                    parsed.getStatus().getDescription());

            var refused =
                    assertThrows(
                            StatusRuntimeException.class,
                            () ->
                                    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                            .step(int64Actions(id, limit + (1 << 20))));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());

            assertEquals(
                    1,
                    stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .step(int64Actions(id, 8))
                            .getRewardsCount());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static final String IMAGE_ACTIONS = "ImageActions-v0";

    /** An env whose action is a 64x64 RGB image, as a drawing or display env might take. */
    private static final class ImageActionEnv
            extends io.gymbridge.env.AbstractEnv<io.gymbridge.env.Tensor, io.gymbridge.env.Tensor> {
        ImageActionEnv(EnvSpec spec) {
            super(
                    Box.of(-1, 1, io.gymbridge.env.DType.FLOAT32, 1),
                    Box.of(0, 255, io.gymbridge.env.DType.UINT8, 64, 64, 3),
                    spec,
                    null);
        }

        @Override
        public io.gymbridge.env.Reset<io.gymbridge.env.Tensor> reset(
                Long seed, java.util.Map<String, Object> options) {
            return new io.gymbridge.env.Reset<>(io.gymbridge.env.Tensor.of(0f), java.util.Map.of());
        }

        @Override
        public io.gymbridge.env.Step<io.gymbridge.env.Tensor> step(io.gymbridge.env.Tensor action) {
            return new io.gymbridge.env.Step<>(
                    io.gymbridge.env.Tensor.of(0f), 0, false, false, java.util.Map.of());
        }
    }

    /** A Step whose actions are a zero int64 tensor of {@code bytes} bytes. */
    private static StepRequest int64Actions(String sessionId, int bytes) {
        int n = bytes / 8;
        return StepRequest.newBuilder()
                .setSessionId(sessionId)
                .setActions(
                        Value.newBuilder()
                                .setTensor(
                                        Tensor.newBuilder()
                                                .setDtype(DType.DTYPE_INT64)
                                                .addShape(n)
                                                .setData(ByteString.copyFrom(new byte[n * 8]))))
                .build();
    }
}
