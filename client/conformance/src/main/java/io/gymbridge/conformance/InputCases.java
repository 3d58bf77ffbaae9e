package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.equal;
import static io.gymbridge.conformance.Expect.isFalse;
import static io.gymbridge.conformance.Expect.isTrue;
import static io.gymbridge.conformance.Wire.actions;
import static io.gymbridge.conformance.Wire.describe;
import static io.gymbridge.conformance.Wire.fails;
import static io.gymbridge.conformance.Wire.step;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.BlockingClientCall;
import io.grpc.stub.ClientCalls;
import io.gymbridge.proto.v1.DType;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.Tensor;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.proto.v1.ValueList;
import io.gymbridge.proto.v1.ValueMap;
import io.gymbridge.wire.ProtoCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The bodies of {@link ErrorContract}'s cases on bad input (docs/protocol.md, sections 6 to 8):
 * long strings echoed into messages, bytes that do not parse, nesting past protobuf's recursion
 * limit, integer actions of another dtype, and integer fields outside their documented ranges.
 */
final class InputCases {
    private static final String CARTPOLE = ErrorContract.DISCRETE_ENV_ID;

    /** Longer than gRPC's 8 KiB metadata limit, were it echoed whole. */
    private static final int LONG = 9000;

    /** Nesting well past protobuf's recursion limit of 100. */
    private static final int DEEP = 200;

    /**
     * Bytes that are no protobuf message: field 1 with wire type 7, which does not exist. (Not
     * field number 0: Python's C++ parser takes a 0 byte for the end of the message.)
     */
    private static final byte[] BAD_WIRE_TYPE = {0x0F};

    /** Bytes cut short: field 1, length-delimited, 5 bytes announced, 1 sent. */
    private static final byte[] TRUNCATED = {0x0A, 0x05, 0x41};

    private final Needs needs;

    InputCases(Needs needs) {
        this.needs = needs;
    }

    /**
     * An env id, a session id, a render mode and a kwarg name of 9000 characters (and an env id of
     * 3000 two-byte characters) are answered with their usual codes, quoted cut to 64 characters
     * with "... (N characters)", in messages of at most 2048 characters (and the cut marker); on
     * the stream too, and a stream open on the same channel goes on.
     */
    void longStrings(Wire w) throws Exception {
        needs.requireDiscreteEnv();
        BlockingClientCall<SessionRequest, SessionResponse> other =
                EnvServiceGrpc.newBlockingV2Stub(w.channel())
                        .withDeadlineAfter(w.deadline().toMillis(), TimeUnit.MILLISECONDS)
                        .session();
        try {
            other.write(
                    SessionRequest.newBuilder()
                            .setMake(MakeRequest.newBuilder().setEnvId(CARTPOLE))
                            .build());
            String id = other.read().getMake().getSessionId();
            w.opened(id);

            String a = "A".repeat(LONG);
            var envId =
                    fails(
                            Status.Code.NOT_FOUND,
                            () -> w.make(MakeRequest.newBuilder().setEnvId(a)));
            cutEcho(describe(envId), a);
            String e = "\u00e9".repeat(LONG / 3);
            var accented =
                    fails(
                            Status.Code.NOT_FOUND,
                            () -> w.make(MakeRequest.newBuilder().setEnvId(e)));
            cutEcho(describe(accented), e);
            String s = "s".repeat(LONG);
            var session = fails(Status.Code.NOT_FOUND, () -> w.call().step(step(s, actions(0))));
            cutEcho(describe(session), s);
            String r = "r".repeat(LONG);
            var render =
                    fails(
                            Status.Code.INVALID_ARGUMENT,
                            () ->
                                    w.make(
                                            MakeRequest.newBuilder()
                                                    .setEnvId(CARTPOLE)
                                                    .setRenderMode(r)));
            cutEcho(describe(render), r);
            String k = "k".repeat(LONG);
            var kwarg =
                    fails(
                            Status.Code.INVALID_ARGUMENT,
                            () ->
                                    w.make(
                                            MakeRequest.newBuilder()
                                                    .setEnvId(CARTPOLE)
                                                    .putKwargs(k, ProtoCodec.toValue(1L))));
            cutEcho(describe(kwarg), k);

            other.write(
                    SessionRequest.newBuilder()
                            .setMake(MakeRequest.newBuilder().setEnvId(a))
                            .build());
            SessionResponse streamed = other.read();
            equal(Status.Code.NOT_FOUND.value(), streamed.getError().getCode(), "stream error");
            cutEcho(streamed.getError().getMessage(), a);

            other.write(
                    SessionRequest.newBuilder()
                            .setReset(ResetRequest.newBuilder().setSessionId(id).setSeed(0))
                            .build());
            isTrue(other.read().hasReset(), "the other stream still answers: " + id);
            other.write(SessionRequest.newBuilder().setStep(step(id, actions(1))).build());
            isTrue(other.read().hasStep(), "and steps");
            other.halfClose();
        } catch (Exception | Error x) {
            other.cancel("the case failed", x);
            throw x;
        }
    }

    /**
     * {@code message} quotes {@code sent} cut to 64 code points and has at most 2048 of its own
     * (docs/protocol.md, section 7), besides the marker a cut message ends in.
     */
    private static void cutEcho(String message, String sent) {
        int chars = sent.codePointCount(0, sent.length());
        String head = sent.substring(0, sent.offsetByCodePoints(0, 64));
        isTrue(
                message.contains(head + "... (" + chars + " characters)"),
                "quotes the first 64 of " + chars + " characters: " + message);
        isFalse(
                message.contains(sent.substring(0, sent.offsetByCodePoints(0, 65))),
                "quotes no more than 64 characters: " + message);
        int length = message.codePointCount(0, message.length());
        isTrue(length <= 2048 + 32, "a message of at most 2048 characters, got " + length);
    }

    /**
     * Bytes that are not protobuf, or cut short, sent to Make, Reset, Step and GetServerInfo, are
     * INVALID_ARGUMENT naming the message type; the server goes on.
     */
    void unparseableUnary(Wire w) {
        needs.requireDiscreteEnv();
        for (byte[] bytes : new byte[][] {BAD_WIRE_TYPE, TRUNCATED}) {
            unparseable(w, EnvServiceGrpc.getMakeMethod(), bytes, "MakeRequest");
            unparseable(w, EnvServiceGrpc.getResetMethod(), bytes, "ResetRequest");
            unparseable(w, EnvServiceGrpc.getStepMethod(), bytes, "StepRequest");
            unparseable(w, EnvServiceGrpc.getGetServerInfoMethod(), bytes, "GetServerInfoRequest");
        }
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).build());
        equal(1, w.call().step(step(id, actions(0))).getRewardsCount(), "rewards");
    }

    /** Sends {@code bytes} to {@code method}: INVALID_ARGUMENT naming {@code type} expected. */
    private static void unparseable(
            Wire w, MethodDescriptor<?, ?> method, byte[] bytes, String type) {
        var e = fails(Status.Code.INVALID_ARGUMENT, () -> rawCall(w, method, bytes));
        isTrue(describe(e).startsWith("cannot parse the request"), describe(e));
        isTrue(describe(e).contains(type), type + " named: " + describe(e));
    }

    /** A unary call of {@code method} with {@code bytes} as its request, parsed by the server. */
    private static <R> R rawCall(Wire w, MethodDescriptor<?, R> method, byte[] bytes) {
        return ClientCalls.blockingUnaryCall(
                w.channel(),
                raw(method),
                CallOptions.DEFAULT.withDeadlineAfter(
                        w.deadline().toMillis(), TimeUnit.MILLISECONDS),
                bytes);
    }

    /**
     * On one Session stream: a Make, bytes that are not protobuf, bytes cut short, a reset with
     * options nested past the recursion limit, then a Reset and a Step; the three bad requests are
     * answered in their place with INVALID_ARGUMENT, and the stream goes on in order.
     */
    void unparseableOnStream(Wire w) throws Exception {
        needs.requireDiscreteEnv();
        BlockingClientCall<byte[], SessionResponse> s =
                ClientCalls.blockingBidiStreamingCall(
                        w.channel(),
                        raw(EnvServiceGrpc.getSessionMethod()),
                        CallOptions.DEFAULT.withDeadlineAfter(
                                w.deadline().toMillis(), TimeUnit.MILLISECONDS));
        try {
            s.write(
                    SessionRequest.newBuilder()
                            .setMake(MakeRequest.newBuilder().setEnvId(CARTPOLE))
                            .build()
                            .toByteArray());
            String id = s.read().getMake().getSessionId();
            w.opened(id);
            s.write(BAD_WIRE_TYPE);
            s.write(TRUNCATED);
            s.write(
                    SessionRequest.newBuilder()
                            .setReset(
                                    ResetRequest.newBuilder()
                                            .setSessionId(id)
                                            .setOptions(deepMap(DEEP)))
                            .build()
                            .toByteArray());
            s.write(
                    SessionRequest.newBuilder()
                            .setReset(ResetRequest.newBuilder().setSessionId(id).setSeed(1))
                            .build()
                            .toByteArray());
            s.write(
                    SessionRequest.newBuilder()
                            .setStep(step(id, actions(0)))
                            .build()
                            .toByteArray());
            for (String what :
                    new String[] {"a bad wire type", "truncated bytes", "deep options"}) {
                SessionResponse r = s.read();
                equal(Status.Code.INVALID_ARGUMENT.value(), r.getError().getCode(), what);
                isTrue(
                        r.getError().getMessage().contains("SessionRequest"),
                        what + ": names SessionRequest: " + r.getError().getMessage());
            }
            isTrue(s.read().hasReset(), "then the reset is answered");
            isTrue(s.read().hasStep(), "then the step");
            s.halfClose();
        } catch (Exception | Error e) {
            s.cancel("the case failed", e);
            throw e;
        }
    }

    /**
     * Options nested 200 maps deep in a Reset, and a kwarg nested 200 lists deep in a Make, are
     * INVALID_ARGUMENT (past protobuf's recursion limit); the session is unchanged and 10 levels
     * are parsed.
     */
    void deepNesting(Wire w) {
        needs.requireDiscreteEnv();
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        // as bytes: the in-process transport would hand the message over without parsing it
        unparseable(
                w,
                EnvServiceGrpc.getResetMethod(),
                ResetRequest.newBuilder()
                        .setSessionId(id)
                        .setOptions(deepMap(DEEP))
                        .build()
                        .toByteArray(),
                "ResetRequest");
        unparseable(
                w,
                EnvServiceGrpc.getMakeMethod(),
                MakeRequest.newBuilder()
                        .setEnvId(CARTPOLE)
                        .putKwargs("nested", deepList(DEEP))
                        .build()
                        .toByteArray(),
                "MakeRequest");
        // the session was not reset by the rejected request
        fails(Status.Code.FAILED_PRECONDITION, () -> w.call().step(step(id, actions(0))));
        rawCall(
                w,
                EnvServiceGrpc.getResetMethod(),
                ResetRequest.newBuilder()
                        .setSessionId(id)
                        .setOptions(deepMap(10))
                        .build()
                        .toByteArray());
        equal(1, w.call().step(step(id, actions(0))).getRewardsCount(), "rewards");
    }

    /** A map nested {@code depth} maps deep: {"a": {"a": ... {"a": 1}}}. */
    private static ValueMap deepMap(int depth) {
        ValueMap m = ValueMap.newBuilder().putEntries("a", ProtoCodec.toValue(1L)).build();
        for (int i = 1; i < depth; i++) {
            m =
                    ValueMap.newBuilder()
                            .putEntries("a", Value.newBuilder().setMapValue(m).build())
                            .build();
        }
        return m;
    }

    /** A list nested {@code depth} lists deep: [[...[1]...]]. */
    private static Value deepList(int depth) {
        Value v = ProtoCodec.toValue(1L);
        for (int i = 0; i < depth; i++) {
            v = Value.newBuilder().setListValue(ValueList.newBuilder().addValues(v)).build();
        }
        return v;
    }

    /**
     * Three CartPoles stepped with Discrete actions of other integer dtypes than int64 (int32,
     * int8, uint8, uint64), judged by their values: stepped; a bool batch refused naming "bool";
     * uint64 2^64 - 1 and int64 2^63 - 1 refused, each reported with its real value (not -1).
     */
    void actionDtypes(Wire w) {
        needs.requireDiscreteEnv();
        String id =
                w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setNumEnvs(3)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        for (DType dtype :
                new DType[] {
                    DType.DTYPE_INT32, DType.DTYPE_INT8, DType.DTYPE_UINT8, DType.DTYPE_UINT64
                }) {
            equal(
                    3,
                    w.call().step(step(id, tensor(dtype, 0, 1, 0))).getRewardsCount(),
                    dtype + " actions: rewards");
        }
        var bool =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, tensor(DType.DTYPE_BOOL, 0, 1, 0))));
        isTrue(describe(bool).contains("bool"), "bool named: " + describe(bool));
        var huge =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, tensor(DType.DTYPE_UINT64, -1, 0, 0))));
        isTrue(describe(huge).contains("18446744073709551615"), describe(huge));
        isFalse(describe(huge).contains("-1 is outside"), describe(huge));
        var big =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, actions(0, Long.MAX_VALUE, 0))));
        isTrue(describe(big).contains(Long.toString(Long.MAX_VALUE)), describe(big));
        equal(3, w.call().step(step(id, actions(0, 1, 0))).getRewardsCount(), "rewards");
    }

    /** A tensor of {@code dtype} and shape [values.length]: each value in little-endian bytes. */
    private static Value tensor(DType dtype, long... values) {
        int size =
                switch (dtype) {
                    case DTYPE_INT8, DTYPE_UINT8, DTYPE_BOOL -> 1;
                    case DTYPE_INT16, DTYPE_UINT16 -> 2;
                    case DTYPE_INT32, DTYPE_UINT32, DTYPE_FLOAT32 -> 4;
                    default -> 8;
                };
        ByteBuffer b = ByteBuffer.allocate(size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (size) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return Value.newBuilder()
                .setTensor(
                        Tensor.newBuilder()
                                .setDtype(dtype)
                                .addShape(values.length)
                                .setData(ByteString.copyFrom(b.array())))
                .build();
    }

    /**
     * max_episode_steps 2^31 and 2^63 - 1, autoreset_mode 7, num_envs -2^31 and a render env_index
     * of -1 or num_envs are INVALID_ARGUMENT; max_episode_steps 2^31 - 1 is accepted.
     */
    void integerFields(Wire w) {
        needs.requireDiscreteEnv();
        for (long steps : new long[] {1L << 31, Long.MAX_VALUE}) {
            var e =
                    fails(
                            Status.Code.INVALID_ARGUMENT,
                            () ->
                                    w.make(
                                            MakeRequest.newBuilder()
                                                    .setEnvId(CARTPOLE)
                                                    .setMaxEpisodeSteps(steps)));
            isTrue(describe(e).contains("2147483647"), "names the range: " + describe(e));
        }
        var max =
                w.make(
                        MakeRequest.newBuilder()
                                .setEnvId(CARTPOLE)
                                .setMaxEpisodeSteps(Integer.MAX_VALUE));
        equal((long) Integer.MAX_VALUE, max.getSpec().getMaxEpisodeSteps(), "max_episode_steps");
        var mode =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                w.make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(CARTPOLE)
                                                .setAutoresetModeValue(7)));
        isTrue(describe(mode).contains("7"), describe(mode));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () ->
                        w.make(
                                MakeRequest.newBuilder()
                                        .setEnvId(CARTPOLE)
                                        .setNumEnvs(Integer.MIN_VALUE)));
        String id =
                w.make(
                                MakeRequest.newBuilder()
                                        .setEnvId(CARTPOLE)
                                        .setNumEnvs(2)
                                        .setRenderMode("rgb_array"))
                        .getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        for (int index : new int[] {-1, 2, Integer.MAX_VALUE}) {
            var e =
                    fails(
                            Status.Code.INVALID_ARGUMENT,
                            () ->
                                    w.call()
                                            .render(
                                                    RenderRequest.newBuilder()
                                                            .setSessionId(id)
                                                            .setEnvIndex(index)
                                                            .build()));
            isTrue(describe(e).contains("env_index"), describe(e));
        }
    }

    /**
     * Tensor shapes outside the documented ranges in a Step: 33 dimensions, a dimension of -1 or
     * 2^31, and 2^32 elements in all are INVALID_ARGUMENT, whatever the data; the session goes on.
     */
    void tensorShapes(Wire w) {
        needs.requireDiscreteEnv();
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).build());
        long[][] shapes = {
            new long[33], new long[] {-1}, new long[] {1L << 31}, new long[] {1L << 16, 1L << 16}
        };
        java.util.Arrays.fill(shapes[0], 1);
        for (long[] shape : shapes) {
            Tensor.Builder t =
                    Tensor.newBuilder()
                            .setDtype(DType.DTYPE_INT64)
                            .setData(ByteString.copyFrom(new byte[8]));
            for (long d : shape) {
                t.addShape(d);
            }
            Value v = Value.newBuilder().setTensor(t).build();
            fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, v)));
        }
        equal(1, w.call().step(step(id, actions(0))).getRewardsCount(), "rewards");
    }

    /** {@code method} with raw bytes as its request: what a client with a bug might send. */
    static <R> MethodDescriptor<byte[], R> raw(MethodDescriptor<?, R> method) {
        return method.toBuilder(BYTES, method.getResponseMarshaller()).build();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES =
            new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
}
