package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Tensor;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.wire.ProtoCodec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Numbered steps (capability step.seq, docs/protocol.md): a repeat of the last number gets the same
 * answer without stepping, a gap or an old number is FAILED_PRECONDITION and nothing steps,
 * unnumbered steps still work; each run of a server has its own incarnation.
 */
class StepSeqTest {

    @Test
    void repeatReturnsTheSameAnswer_gapsAndOldNumbersRefused_unnumberedStillWork() {
        String name = InProcessServerBuilder.generateName();
        GymServer server =
                GymServer.start(
                        InProcessServerBuilder.forName(name),
                        EnvRegistry.withProviders(),
                        ServerOptions.defaults());
        try {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                var stub = EnvServiceGrpc.newBlockingStub(channel);
                MakeResponse made =
                        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .make(MakeRequest.newBuilder().setEnvId("CartPole-v1").build());
                String id = made.getSessionId();
                assertEquals(
                        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .getServerInfo(GetServerInfoRequest.getDefaultInstance())
                                .getIncarnation(),
                        made.getIncarnation());
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .reset(ResetRequest.newBuilder().setSessionId(id).setSeed(3).build());
                Env<Object, Object> reference =
                        EnvRegistry.withProviders().make("CartPole-v1", Map.of());
                reference.reset(3L, Map.of());

                StepResponse first = step(stub, id, 1, 1);
                assertEquals(1, first.getSeq());
                assertObservation(reference.step(1L).observation(), first);
                assertEquals(first, step(stub, id, 0, 1), "a repeat: the same answer, not stepped");

                String gap = refused(() -> step(stub, id, 1, 3));
                assertTrue(gap.contains("step seq 3 is out of order"), gap);
                assertTrue(gap.contains("send 2 for the next step, or 1 again"), gap);
                assertObservation(reference.step(0L).observation(), step(stub, id, 0, 2));
                refused(() -> step(stub, id, 0, 1)); // an old number
                StepResponse unnumbered = step(stub, id, 1, 0);
                assertEquals(0, unnumbered.getSeq());
                assertObservation(reference.step(1L).observation(), unnumbered);
                assertObservation(reference.step(1L).observation(), step(stub, id, 1, 3));
            } finally {
                channel.shutdownNow();
            }
        } finally {
            server.close();
        }
        String other = InProcessServerBuilder.generateName();
        GymServer a =
                GymServer.start(
                        InProcessServerBuilder.forName(other),
                        EnvRegistry.withProviders(),
                        ServerOptions.defaults());
        GymServer b =
                GymServer.start(
                        InProcessServerBuilder.forName(other + "-b"),
                        EnvRegistry.withProviders(),
                        ServerOptions.defaults());
        try {
            assertNotEquals(incarnation(other), incarnation(other + "-b"));
        } finally {
            a.close();
            b.close();
        }
    }

    private static String incarnation(String name) {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            return EnvServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getServerInfo(GetServerInfoRequest.getDefaultInstance())
                    .getIncarnation();
        } finally {
            channel.shutdownNow();
        }
    }

    private static StepResponse step(
            EnvServiceGrpc.EnvServiceBlockingStub stub, String id, long action, long seq) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .step(
                        StepRequest.newBuilder()
                                .setSessionId(id)
                                .setActions(ProtoCodec.toValue(Tensor.ofLongs(action)))
                                .setSeq(seq)
                                .build());
    }

    private static String refused(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    private static void assertObservation(Object expected, StepResponse r) {
        float[] got = ProtoCodec.fromProto(r.getObservations().getTensor()).toFloatArray();
        assertArrayEquals(((Tensor) expected).toFloatArray(), got);
    }
}
