package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.gymbridge.proto.v1.DType;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.Tensor;
import io.gymbridge.proto.v1.Value;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The inbound limit that docs/protocol.md states, on a real loopback server (the in-process
 * transport does not enforce it): requests up to 64 MiB are parsed, larger ones are
 * RESOURCE_EXHAUSTED, and the server goes on.
 */
class MessageSizeTest {

    @Test
    void step_requestOver4MiB_parsed_over64MiB_resourceExhausted() throws Exception {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            ManagedChannel channel =
                    NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                            .usePlaintext()
                            .build();
            try {
                var stub = EnvServiceGrpc.newBlockingStub(channel);
                String id =
                        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                                .make(MakeRequest.newBuilder().setEnvId("CartPole-v1").build())
                                .getSessionId();
                stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .reset(ResetRequest.newBuilder().setSessionId(id).build());

                var parsed =
                        assertThrows(
                                StatusRuntimeException.class,
                                () ->
                                        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                                                .step(int64Actions(id, 5 << 20)));
                assertEquals(Status.Code.INVALID_ARGUMENT, parsed.getStatus().getCode());
                assertTrue(
                        parsed.getStatus().getDescription().contains("CartPole-v1"),
                        parsed.getStatus().getDescription());

                var refused =
                        assertThrows(
                                StatusRuntimeException.class,
                                () ->
                                        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                                .step(
                                                        int64Actions(
                                                                id,
                                                                GymServer.MAX_MESSAGE_BYTES
                                                                        + (1 << 20))));
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
