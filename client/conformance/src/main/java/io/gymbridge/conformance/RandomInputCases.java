package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.isTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.BlockingClientCall;
import io.grpc.stub.ClientCalls;
import io.gymbridge.proto.v1.ClearFaultRequest;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.Tensor;
import io.gymbridge.proto.v1.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The body of {@link ErrorContract}'s randomized case on bad input: a fixed, seeded sequence of
 * requests on one Session stream, each either a request with random field values, the bytes of a
 * valid request with a few bytes changed, or random bytes. Every one must be answered, in order,
 * with a response or an error that names what was wrong (never UNKNOWN or INTERNAL: no env here
 * fails on purpose), and the stream and the server must go on serving.
 */
final class RandomInputCases {
    /** Requests per run: enough to reach every branch many times, a second or two on any server. */
    static final int REQUESTS = 600;

    /** The seed of the sequence, so that a failure is the same failure on every run. */
    static final long SEED = 20261207L;

    /** Codes that say the server failed rather than the request. */
    private static final Set<Integer> SERVER_FAILURES =
            Set.of(
                    Status.Code.OK.value(),
                    Status.Code.UNKNOWN.value(),
                    Status.Code.INTERNAL.value(),
                    Status.Code.DATA_LOSS.value());

    private static final String CARTPOLE = ErrorContract.DISCRETE_ENV_ID;

    private final Needs needs;

    RandomInputCases(Needs needs) {
        this.needs = needs;
    }

    /**
     * {@link #REQUESTS} random, mutated and garbage requests on one stream are each answered in
     * order with a response or a named error of at most 1024 bytes; sessions they happen to make
     * are closed; afterwards the same stream makes, resets and steps a new session.
     */
    void randomRequests(Wire w) throws Exception {
        needs.requireDiscreteEnv();
        String boxEnv;
        try {
            boxEnv = needs.boxEnvId();
        } catch (CaseSkipped e) {
            boxEnv = null; // the discrete env alone still takes every kind of request
        }
        BlockingClientCall<byte[], SessionResponse> s =
                ClientCalls.blockingBidiStreamingCall(
                        w.channel(),
                        InputCases.raw(EnvServiceGrpc.getSessionMethod()),
                        // the stream carries some 600 requests, each of which has the deadline
                        CallOptions.DEFAULT.withDeadlineAfter(
                                w.deadline().toMillis() * 6, TimeUnit.MILLISECONDS));
        try {
            List<String> ids = new ArrayList<>();
            ids.add(make(w, s, CARTPOLE, 2));
            if (boxEnv != null) {
                ids.add(make(w, s, boxEnv, 1));
            }
            Generator g = new Generator(new SplittableRandom(SEED), ids, boxEnv);
            for (int i = 0; i < REQUESTS; i++) {
                byte[] request = g.next();
                s.write(request);
                String what = "request " + i + " (" + g.lastKind + ")";
                SessionResponse r = read(w, s, what);
                isTrue(
                        r.getResponseCase() != SessionResponse.ResponseCase.RESPONSE_NOT_SET,
                        what + ": answered with a response or an error");
                if (r.hasError()) {
                    int code = r.getError().getCode();
                    String message = r.getError().getMessage();
                    isTrue(
                            !SERVER_FAILURES.contains(code),
                            () -> what + ": a named error, not code " + code + ": " + message);
                    isTrue(!message.isBlank(), what + ": the error says what was wrong");
                    isTrue(
                            message.getBytes(StandardCharsets.UTF_8).length <= 1024,
                            what + ": a message of at most 1024 bytes");
                } else if (r.hasMake()) {
                    // a mutation made a valid Make: close its session at once
                    String id = r.getMake().getSessionId();
                    w.opened(id);
                    s.write(close(id));
                    isTrue(read(w, s, what).hasClose(), what + ": the session it made closes");
                }
            }
            String fresh = make(w, s, CARTPOLE, 1);
            s.write(
                    SessionRequest.newBuilder()
                            .setReset(ResetRequest.newBuilder().setSessionId(fresh).setSeed(0))
                            .build()
                            .toByteArray());
            isTrue(s.read().hasReset(), "after them, the same stream resets a new session");
            s.write(
                    SessionRequest.newBuilder()
                            .setStep(Wire.step(fresh, Wire.actions(1)))
                            .build()
                            .toByteArray());
            isTrue(s.read().hasStep(), "and steps it");
            s.halfClose();
        } catch (Exception | Error e) {
            s.cancel("the case failed", e);
            throw e;
        }
        String version =
                w.call()
                        .getServerInfo(GetServerInfoRequest.getDefaultInstance())
                        .getProtocolVersion();
        isTrue(!version.isEmpty(), "the server still answers a unary call with its version");
    }

    /** The next response, within the deadline; fails naming {@code what} if none comes. */
    private static SessionResponse read(
            Wire w, BlockingClientCall<byte[], SessionResponse> s, String what) throws Exception {
        SessionResponse r;
        try {
            r = s.read(w.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": no answer within " + w.deadline(), e);
        }
        isTrue(r != null, what + ": answered before the stream ended");
        return r;
    }

    private static String make(
            Wire w, BlockingClientCall<byte[], SessionResponse> s, String envId, int numEnvs)
            throws Exception {
        s.write(
                SessionRequest.newBuilder()
                        .setMake(MakeRequest.newBuilder().setEnvId(envId).setNumEnvs(numEnvs))
                        .build()
                        .toByteArray());
        SessionResponse r = s.read();
        isTrue(r.hasMake(), () -> "make " + envId + ": " + r);
        w.opened(r.getMake().getSessionId());
        return r.getMake().getSessionId();
    }

    private static byte[] close(String id) {
        return SessionRequest.newBuilder()
                .setClose(CloseRequest.newBuilder().setSessionId(id))
                .build()
                .toByteArray();
    }

    /** The seeded requests: random fields, mutated valid bytes, or garbage. */
    private static final class Generator {
        private final SplittableRandom rnd;
        private final List<String> ids;
        private final String boxEnv;
        private final List<byte[]> templates = new ArrayList<>();
        String lastKind = "";

        Generator(SplittableRandom rnd, List<String> ids, String boxEnv) {
            this.rnd = rnd;
            this.ids = ids;
            this.boxEnv = boxEnv;
            String cartpole = ids.get(0);
            templates.add(
                    request(
                            b ->
                                    b.setReset(
                                            ResetRequest.newBuilder()
                                                    .setSessionId(cartpole)
                                                    .setSeed(3))));
            templates.add(request(b -> b.setStep(Wire.step(cartpole, Wire.actions(0, 1)))));
            templates.add(
                    request(b -> b.setRender(RenderRequest.newBuilder().setSessionId(cartpole))));
            templates.add(
                    request(
                            b ->
                                    b.setMake(
                                            MakeRequest.newBuilder()
                                                    .setEnvId(CARTPOLE)
                                                    .setNumEnvs(1))));
            templates.add(
                    request(
                            b ->
                                    b.setClearFault(
                                            ClearFaultRequest.newBuilder()
                                                    .setSessionId(cartpole))));
            templates.add(
                    request(b -> b.setGetServerInfo(GetServerInfoRequest.getDefaultInstance())));
        }

        byte[] next() {
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                return structured();
            } else if (kind == 1) {
                lastKind = "a valid request with bytes changed";
                byte[] b = templates.get(rnd.nextInt(templates.size())).clone();
                for (int k = 1 + rnd.nextInt(4); k > 0 && b.length > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            lastKind = "random bytes";
            byte[] b = new byte[rnd.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            return b;
        }

        private byte[] structured() {
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    lastKind = "a reset with random fields";
                    ResetRequest.Builder r = ResetRequest.newBuilder().setSessionId(sessionId());
                    if (rnd.nextBoolean()) {
                        r.setSeed(
                                pick(0L, 7L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, rnd.nextLong()));
                    }
                    return request(b -> b.setReset(r));
                }
                case 1 -> {
                    lastKind = "a valid step of the discrete env";
                    String id = ids.get(0);
                    Value actions = Wire.actions(rnd.nextInt(2), rnd.nextInt(2));
                    return request(b -> b.setStep(Wire.step(id, actions)));
                }
                case 2 -> {
                    lastKind = "a step with random actions";
                    StepRequest.Builder st =
                            StepRequest.newBuilder()
                                    .setSessionId(sessionId())
                                    .setActions(value(true));
                    if (rnd.nextInt(4) == 0) {
                        st.setSeq(pick(1L, 2L, -1L, rnd.nextLong()));
                    }
                    return request(b -> b.setStep(st));
                }
                case 3 -> {
                    lastKind = "a make with random fields";
                    MakeRequest.Builder m =
                            MakeRequest.newBuilder()
                                    .setEnvId(
                                            pick(
                                                    CARTPOLE,
                                                    boxEnv == null ? "" : boxEnv,
                                                    "",
                                                    "Nope-v0",
                                                    "x".repeat(200)))
                                    .setNumEnvs(
                                            pick(-1, 0, 9, Integer.MAX_VALUE, Integer.MIN_VALUE));
                    for (int k = rnd.nextInt(3); k > 0; k--) {
                        m.putKwargs(
                                pick(
                                        "g",
                                        "max_episode_steps",
                                        "render_mode",
                                        "sutton_barto_reward",
                                        "bogus"),
                                value(false));
                    }
                    return request(b -> b.setMake(m));
                }
                default -> {
                    lastKind = "a render, clear-fault or close of a random session";
                    String id = rnd.nextBoolean() ? randomId() : "";
                    return switch (rnd.nextInt(3)) {
                        case 0 ->
                                request(
                                        b ->
                                                b.setRender(
                                                        RenderRequest.newBuilder()
                                                                .setSessionId(sessionId())));
                        case 1 ->
                                request(
                                        b ->
                                                b.setClearFault(
                                                        ClearFaultRequest.newBuilder()
                                                                .setSessionId(sessionId())));
                        default ->
                                request(
                                        b ->
                                                b.setClose(
                                                        CloseRequest.newBuilder()
                                                                .setSessionId(id)));
                    };
                }
            }
        }

        /** One of the case's sessions, or an id no server has. */
        private String sessionId() {
            return rnd.nextInt(4) == 0 ? randomId() : ids.get(rnd.nextInt(ids.size()));
        }

        private String randomId() {
            byte[] b = new byte[16];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            return HexFormat.of().formatHex(b);
        }

        /** A random Value; with {@code tensors}, often a tensor of random dtype, shape and data. */
        private Value value(boolean tensors) {
            int kind = rnd.nextInt(tensors ? 8 : 5);
            Value.Builder v = Value.newBuilder();
            switch (kind) {
                case 0 -> v.setIntValue(pick(0L, 1L, -1L, 2L, Long.MAX_VALUE));
                case 1 ->
                        v.setDoubleValue(
                                pick(0.5, Double.NaN, Double.POSITIVE_INFINITY, -1e308, 9.81));
                case 2 -> v.setBoolValue(rnd.nextBoolean());
                case 3 -> v.setStringValue(pick("rgb_array", "", "\u00e9\u0000", "x".repeat(100)));
                case 4 -> {
                    // unset: a null
                }
                default -> {
                    Tensor.Builder t = Tensor.newBuilder().setDtypeValue(rnd.nextInt(14));
                    int dims = rnd.nextInt(4);
                    long elements = 1;
                    for (int d = 0; d < dims; d++) {
                        long size = pick(0L, 1L, 2L, 3L, -1L, 1L << 40);
                        t.addShape(size);
                        elements *= Math.max(0, Math.min(size, 16));
                    }
                    int bytes =
                            rnd.nextBoolean()
                                    ? (int) Math.min(elements * pick(1L, 4L, 8L), 512)
                                    : rnd.nextInt(40);
                    byte[] data = new byte[bytes];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) rnd.nextInt(256);
                    }
                    t.setData(ByteString.copyFrom(data));
                    v.setTensor(t);
                }
            }
            return v.build();
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[rnd.nextInt(options.length)];
        }

        private static byte[] request(Consumer<SessionRequest.Builder> fill) {
            SessionRequest.Builder b = SessionRequest.newBuilder();
            fill.accept(b);
            return b.build().toByteArray();
        }
    }
}
