package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.BlockingClientCall;
import io.gymbridge.env.Tensor;
import io.gymbridge.proto.v1.AutoresetMode;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.DType;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.wire.ProtoCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every case of the error contract, at the wire level, written once and run against each server
 * implementation: subclasses say how to start one. The server must serve CartPole-v1 (Discrete
 * actions), {@link #boxEnvId()} (Box actions, with a numeric kwarg {@link #boxKwarg()}) and
 * Exploding-v0 (step with action 1 raises; kwarg fail_on_make=true makes the constructor raise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ErrorContract {
    /** A running server for the tests. */
    interface Handle extends AutoCloseable {
        /** A channel to it, owned by the handle. */
        ManagedChannel channel();

        /** Runs the lease sweep now, if the server lets a test do that; else does nothing. */
        void expireIdle();

        /** The number of open sessions, if the server lets a test see it. */
        OptionalInt sessionCount();

        @Override
        void close() throws java.io.IOException;
    }

    /** Starts a server with these limits. */
    abstract Handle start(int maxSessions, int maxNumEnvs, Duration lease) throws Exception;

    /** A registered env with Box actions. */
    String boxEnvId() {
        return "Pendulum-v1";
    }

    /** A numeric kwarg of {@link #boxEnvId()}. */
    String boxKwarg() {
        return "g";
    }

    /** Whether the server's envs reject kwargs of the wrong type (Python envs take anything). */
    boolean checksKwargTypes() {
        return true;
    }

    /** A lease short enough for a test and long enough for this server's sweep to be timely. */
    Duration shortLease() {
        return Duration.ofMillis(200);
    }

    private Handle server;
    private ManagedChannel channel;
    private EnvServiceGrpc.EnvServiceBlockingStub stub;
    private final List<String> opened = new ArrayList<>();

    @BeforeAll
    void startServer() throws Exception {
        use(start(4, 8, Duration.ofMinutes(10)));
    }

    private void use(Handle handle) {
        server = handle;
        channel = handle.channel();
        stub = EnvServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void closeSessions() {
        for (String id : opened) {
            call().close(CloseRequest.newBuilder().setSessionId(id).build());
        }
        opened.clear();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    private void assertSessionCount(int expected) {
        server.sessionCount().ifPresent(n -> assertEquals(expected, n, "open sessions"));
    }

    private EnvServiceGrpc.EnvServiceBlockingStub call() {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private MakeResponse make(MakeRequest.Builder req) {
        MakeResponse r = call().make(req.build());
        opened.add(r.getSessionId());
        return r;
    }

    private static StatusRuntimeException fails(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        return e;
    }

    private static String describe(StatusRuntimeException e) {
        return String.valueOf(e.getStatus().getDescription());
    }

    @FunctionalInterface
    interface Executable {
        void run() throws Throwable;
    }

    private static Value actions(long... a) {
        return ProtoCodec.toValue(Tensor.ofLongs(a));
    }

    @Test
    void make_unknownEnvId_notFoundNamingItAndClosestIds() {
        var e =
                fails(
                        Status.Code.NOT_FOUND,
                        () -> make(MakeRequest.newBuilder().setEnvId("CartPole-v0")));
        assertTrue(describe(e).contains("CartPole-v0"), describe(e));
        assertTrue(describe(e).contains("CartPole-v1"), describe(e));
    }

    @Test
    void make_unknownKwarg_invalidArgumentNamingIt() {
        var e =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                make(
                                        MakeRequest.newBuilder()
                                                .setEnvId("CartPole-v1")
                                                .putKwargs(
                                                        "gravity_typo", ProtoCodec.toValue(9.8))));
        assertTrue(describe(e).contains("gravity_typo"), describe(e));
    }

    @Test
    void make_kwargOfWrongType_invalidArgumentNamingIt() {
        Assumptions.assumeTrue(
                checksKwargTypes(),
                "this server's envs take kwargs of any type, as Python envs do");
        var e =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(boxEnvId())
                                                .putKwargs(
                                                        boxKwarg(),
                                                        ProtoCodec.toValue(List.of(1L, 2L)))));
        assertTrue(describe(e).contains(boxKwarg()), describe(e));
    }

    @Test
    void make_badRenderModeOrNegativeNumEnvs_invalidArgument() {
        fails(
                Status.Code.INVALID_ARGUMENT,
                () ->
                        make(
                                MakeRequest.newBuilder()
                                        .setEnvId("CartPole-v1")
                                        .setRenderMode("human")));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> make(MakeRequest.newBuilder().setEnvId("CartPole-v1").setNumEnvs(-2)));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> make(MakeRequest.newBuilder().setEnvId("CartPole-v1").setMaxEpisodeSteps(0)));
        fails(Status.Code.INVALID_ARGUMENT, () -> make(MakeRequest.newBuilder()));
    }

    @Test
    void make_numEnvsOverLimit_resourceExhausted() {
        var e =
                fails(
                        Status.Code.RESOURCE_EXHAUSTED,
                        () -> make(MakeRequest.newBuilder().setEnvId("CartPole-v1").setNumEnvs(9)));
        assertTrue(describe(e).contains("8"), describe(e));
    }

    @Test
    void make_moreSessionsThanLimit_resourceExhaustedAndFreedByClose() {
        List<MakeResponse> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(make(MakeRequest.newBuilder().setEnvId("CartPole-v1")));
        }
        fails(
                Status.Code.RESOURCE_EXHAUSTED,
                () -> make(MakeRequest.newBuilder().setEnvId("CartPole-v1")));
        call().close(CloseRequest.newBuilder().setSessionId(made.get(0).getSessionId()).build());
        make(MakeRequest.newBuilder().setEnvId("CartPole-v1"));
        assertSessionCount(4);
    }

    @Test
    void make_constructorThrows_internalWithItsMessage() {
        var e =
                fails(
                        Status.Code.INTERNAL,
                        () ->
                                make(
                                        MakeRequest.newBuilder()
                                                .setEnvId("Exploding-v0")
                                                .putKwargs(
                                                        "fail_on_make", ProtoCodec.toValue(true))));
        assertTrue(describe(e).contains("constructor failed on purpose"), describe(e));
        assertSessionCount(0);
    }

    @Test
    void step_wrongActionCountDtypeOrRange_invalidArgumentNamingEnvIndexAndSpace() {
        String id =
                make(MakeRequest.newBuilder().setEnvId("CartPole-v1").setNumEnvs(3)).getSessionId();
        call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        var count = fails(Status.Code.INVALID_ARGUMENT, () -> call().step(step(id, actions(0, 1))));
        assertTrue(describe(count).contains("[3]"), describe(count));
        var range =
                fails(Status.Code.INVALID_ARGUMENT, () -> call().step(step(id, actions(0, 1, 2))));
        assertTrue(describe(range).contains("env 2"), describe(range));
        assertTrue(describe(range).contains("Discrete(2)"), describe(range));
        var dtype =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> call().step(step(id, ProtoCodec.toValue(Tensor.of(0f, 1f, 0f)))));
        assertTrue(describe(dtype).contains("float32"), describe(dtype));
        var kind =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> call().step(step(id, ProtoCodec.toValue("left"))));
        assertTrue(describe(kind).contains("tensor"), describe(kind));
        StepResponse ok = call().step(step(id, actions(0, 1, 0)));
        assertEquals(3, ok.getRewardsCount());
    }

    @Test
    void step_nanOrInfBoxAction_invalidArgument_outOfBoundsPasses() {
        String id =
                make(MakeRequest.newBuilder().setEnvId(boxEnvId()).setNumEnvs(2)).getSessionId();
        call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        var nan =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                call().step(
                                                step(
                                                        id,
                                                        ProtoCodec.toValue(
                                                                Tensor.of(
                                                                        io.gymbridge.env.DType
                                                                                .FLOAT32,
                                                                        new int[] {2, 1},
                                                                        new float[] {
                                                                            0f, Float.NaN
                                                                        })))));
        assertTrue(describe(nan).contains("env 1"), describe(nan));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () ->
                        call().step(
                                        step(
                                                id,
                                                ProtoCodec.toValue(
                                                        Tensor.of(
                                                                io.gymbridge.env.DType.FLOAT32,
                                                                new int[] {2, 1},
                                                                new float[] {
                                                                    Float.NEGATIVE_INFINITY, 0f
                                                                })))));
        StepResponse r =
                call().step(
                                step(
                                        id,
                                        ProtoCodec.toValue(
                                                Tensor.of(
                                                        io.gymbridge.env.DType.FLOAT32,
                                                        new int[] {2, 1},
                                                        new float[] {100f, -100f}))));
        assertEquals(2, r.getRewardsCount());
    }

    @Test
    void step_tensorWithWrongByteLength_invalidArgument() {
        String id = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
        call().reset(ResetRequest.newBuilder().setSessionId(id).build());
        Value malformed =
                Value.newBuilder()
                        .setTensor(
                                io.gymbridge.proto.v1.Tensor.newBuilder()
                                        .setDtype(DType.DTYPE_INT64)
                                        .addShape(1)
                                        .setData(ByteString.copyFrom(new byte[5])))
                        .build();
        var e = fails(Status.Code.INVALID_ARGUMENT, () -> call().step(step(id, malformed)));
        assertTrue(describe(e).contains("bytes"), describe(e));
        Value noDtype =
                Value.newBuilder()
                        .setTensor(
                                io.gymbridge.proto.v1.Tensor.newBuilder()
                                        .addShape(1)
                                        .setData(ByteString.copyFrom(new byte[8])))
                        .build();
        fails(Status.Code.INVALID_ARGUMENT, () -> call().step(step(id, noDtype)));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> call().step(StepRequest.newBuilder().setSessionId(id).build()));
        assertEquals(1, call().step(step(id, actions(1))).getRewardsCount());
    }

    @Test
    void step_beforeReset_failedPrecondition() {
        String id = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
        var e = fails(Status.Code.FAILED_PRECONDITION, () -> call().step(step(id, actions(0))));
        assertTrue(describe(e).contains("reset"), describe(e));
    }

    @Test
    void step_afterEpisodeEndUnderDisabled_failedPreconditionUntilMaskedReset() {
        String id =
                make(MakeRequest.newBuilder()
                                .setEnvId("CartPole-v1")
                                .setNumEnvs(2)
                                .setMaxEpisodeSteps(2)
                                .setAutoresetMode(AutoresetMode.AUTORESET_MODE_DISABLED))
                        .getSessionId();
        call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        call().step(step(id, actions(0, 0)));
        StepResponse end = call().step(step(id, actions(0, 0)));
        assertTrue(end.getTruncated(0) && end.getTruncated(1));
        var e = fails(Status.Code.FAILED_PRECONDITION, () -> call().step(step(id, actions(0, 0))));
        assertTrue(describe(e).contains("env 0"), describe(e));
        call().reset(
                        ResetRequest.newBuilder()
                                .setSessionId(id)
                                .addResetMask(true)
                                .addResetMask(true)
                                .build());
        call().step(step(id, actions(0, 0)));
    }

    @Test
    void reset_rejected_changesNothing() {
        String id =
                make(MakeRequest.newBuilder().setEnvId("CartPole-v1").setNumEnvs(2)).getSessionId();
        var mask =
                fails(
                        Status.Code.FAILED_PRECONDITION,
                        () ->
                                call().reset(
                                                ResetRequest.newBuilder()
                                                        .setSessionId(id)
                                                        .addResetMask(true)
                                                        .addResetMask(false)
                                                        .build()));
        assertTrue(describe(mask).contains("env 1 was never reset"), describe(mask));
        var overflow =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                call().reset(
                                                ResetRequest.newBuilder()
                                                        .setSessionId(id)
                                                        .setSeed(Long.MAX_VALUE)
                                                        .build()));
        assertTrue(describe(overflow).contains("overflows"), describe(overflow));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () ->
                        call().reset(
                                        ResetRequest.newBuilder()
                                                .setSessionId(id)
                                                .addResetMask(true)
                                                .build()));
        // env 0 was not reset by the rejected masked reset: stepping is still "before reset"
        fails(Status.Code.FAILED_PRECONDITION, () -> call().step(step(id, actions(0, 0))));
        call().reset(
                        ResetRequest.newBuilder()
                                .setSessionId(id)
                                .setSeed(Long.MAX_VALUE - 1)
                                .build());
        assertEquals(2, call().step(step(id, actions(0, 0))).getRewardsCount());
    }

    @Test
    void step_unknownSession_notFound_closeTwiceIsFine() {
        fails(Status.Code.NOT_FOUND, () -> call().step(step("no-such-session", actions(0))));
        String id = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
        call().close(CloseRequest.newBuilder().setSessionId(id).build());
        call().close(CloseRequest.newBuilder().setSessionId(id).build());
        fails(
                Status.Code.NOT_FOUND,
                () -> call().reset(ResetRequest.newBuilder().setSessionId(id).build()));
    }

    @Test
    void step_envThrows_internalWithItsMessage_serverAndOtherSessionsKeepWorking() {
        String bad = make(MakeRequest.newBuilder().setEnvId("Exploding-v0")).getSessionId();
        String good = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
        call().reset(ResetRequest.newBuilder().setSessionId(bad).build());
        call().reset(ResetRequest.newBuilder().setSessionId(good).build());
        var e = fails(Status.Code.INTERNAL, () -> call().step(step(bad, actions(1))));
        assertTrue(describe(e).contains("kaboom"), describe(e));
        assertEquals(1.0, call().step(step(bad, actions(0))).getRewards(0));
        assertEquals(1, call().step(step(good, actions(0))).getRewardsCount());
    }

    @Test
    void lease_idleSession_closedAndThenNotFoundAsExpired() throws Exception {
        Handle shared = server;
        Duration lease = shortLease();
        try (Handle leased = start(4, 8, lease)) {
            use(leased);
            String idle = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
            String busy = make(MakeRequest.newBuilder().setEnvId("CartPole-v1")).getSessionId();
            long end = System.nanoTime() + 3 * lease.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(lease.toMillis() / 4);
                call().reset(ResetRequest.newBuilder().setSessionId(busy).build());
            }
            leased.expireIdle();
            var e =
                    fails(
                            Status.Code.NOT_FOUND,
                            () ->
                                    call().reset(
                                                    ResetRequest.newBuilder()
                                                            .setSessionId(idle)
                                                            .build()));
            assertTrue(describe(e).contains("expired"), describe(e));
            call().reset(ResetRequest.newBuilder().setSessionId(busy).build());
            assertSessionCount(1);
            opened.clear();
        } finally {
            use(shared);
        }
    }

    @Test
    void stream_failedRequest_answeredWithErrorAndStreamGoesOnInOrder() throws Exception {
        BlockingClientCall<SessionRequest, SessionResponse> s =
                EnvServiceGrpc.newBlockingV2Stub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .session();
        s.write(
                SessionRequest.newBuilder()
                        .setMake(MakeRequest.newBuilder().setEnvId("CartPole-v1"))
                        .build());
        String id = s.read().getMake().getSessionId();
        opened.add(id);
        s.write(SessionRequest.getDefaultInstance());
        SessionResponse empty = s.read();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), empty.getError().getCode());
        s.write(SessionRequest.newBuilder().setStep(step(id, actions(0))).build());
        assertEquals(Status.Code.FAILED_PRECONDITION.value(), s.read().getError().getCode());
        s.write(
                SessionRequest.newBuilder()
                        .setReset(ResetRequest.newBuilder().setSessionId(id).setSeed(3))
                        .build());
        s.write(SessionRequest.newBuilder().setStep(step(id, actions(1))).build());
        assertTrue(s.read().hasReset());
        SessionResponse stepped = s.read();
        assertTrue(stepped.hasStep());
        assertFalse(stepped.getStep().getTerminated(0));
        s.halfClose();
    }

    private static StepRequest step(String id, Value actions) {
        return StepRequest.newBuilder().setSessionId(id).setActions(actions).build();
    }
}
