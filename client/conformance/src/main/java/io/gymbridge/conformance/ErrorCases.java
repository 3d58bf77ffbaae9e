package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.equal;
import static io.gymbridge.conformance.Expect.isTrue;
import static io.gymbridge.conformance.Wire.actions;
import static io.gymbridge.conformance.Wire.describe;
import static io.gymbridge.conformance.Wire.fails;
import static io.gymbridge.conformance.Wire.step;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.DType;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.wire.ProtoCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bodies of {@link ErrorContract}'s Make and Step cases. */
final class ErrorCases {
    private static final String CARTPOLE = ErrorContract.DISCRETE_ENV_ID;

    private final Needs needs;

    ErrorCases(Needs needs) {
        this.needs = needs;
    }

    void unknownEnvId(Wire w) {
        needs.requireDiscreteEnv();
        var e =
                fails(
                        Status.Code.NOT_FOUND,
                        () -> w.make(MakeRequest.newBuilder().setEnvId("CartPole-v0")));
        isTrue(describe(e).contains("CartPole-v0"), describe(e));
        isTrue(describe(e).contains(CARTPOLE), describe(e));
    }

    void unknownKwarg(Wire w) {
        needs.requireDiscreteEnv();
        var e =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                w.make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(CARTPOLE)
                                                .putKwargs(
                                                        "gravity_typo", ProtoCodec.toValue(9.8))));
        isTrue(describe(e).contains("gravity_typo"), describe(e));
    }

    void kwargOfWrongType(Wire w) {
        if (!needs.checksKwargTypes()) {
            throw new CaseSkipped("this server's envs take kwargs of any type, as Python envs do");
        }
        String id = needs.boxEnvId();
        String kwarg = needs.boxKwarg();
        var e =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                w.make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(id)
                                                .putKwargs(
                                                        kwarg,
                                                        ProtoCodec.toValue(List.of(1L, 2L)))));
        isTrue(describe(e).contains(kwarg), describe(e));
    }

    void badMakeFields(Wire w) {
        needs.requireDiscreteEnv();
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setRenderMode("human")));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setNumEnvs(-2)));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setMaxEpisodeSteps(0)));
        fails(Status.Code.INVALID_ARGUMENT, () -> w.make(MakeRequest.newBuilder()));
    }

    void numEnvsOverLimit(Wire w) {
        needs.requireDiscreteEnv();
        int limit = needs.maxNumEnvs();
        var e =
                fails(
                        Status.Code.RESOURCE_EXHAUSTED,
                        () ->
                                w.make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(CARTPOLE)
                                                .setNumEnvs(limit + 1)));
        isTrue(describe(e).contains(Integer.toString(limit)), describe(e));
    }

    void sessionLimit(Wire w) {
        needs.requireDiscreteEnv();
        int limit = needs.maxSessions();
        List<MakeResponse> made = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            made.add(w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)));
        }
        fails(
                Status.Code.RESOURCE_EXHAUSTED,
                () -> w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)));
        w.call().close(CloseRequest.newBuilder().setSessionId(made.get(0).getSessionId()).build());
        w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE));
        w.assertSessionCount(limit);
    }

    void constructorThrows(Wire w) {
        String exploding = needs.explodingEnvId();
        var e =
                fails(
                        Status.Code.INTERNAL,
                        () ->
                                w.make(
                                        MakeRequest.newBuilder()
                                                .setEnvId(exploding)
                                                .putKwargs(
                                                        "fail_on_make", ProtoCodec.toValue(true))));
        isTrue(describe(e).contains("constructor failed on purpose"), describe(e));
        w.assertSessionCount(0);
    }

    void wrongActions(Wire w) {
        needs.requireDiscreteEnv();
        String id =
                w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setNumEnvs(3)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        var count =
                fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, actions(0, 1))));
        isTrue(describe(count).contains("[3]"), describe(count));
        var range =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, actions(0, 1, 2))));
        isTrue(describe(range).contains("env 2"), describe(range));
        isTrue(describe(range).contains("Discrete(2)"), describe(range));
        var dtype =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, ProtoCodec.toValue(Tensor.of(0f, 1f, 0f)))));
        isTrue(describe(dtype).contains("float32"), describe(dtype));
        var kind =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () -> w.call().step(step(id, ProtoCodec.toValue("left"))));
        isTrue(describe(kind).contains("tensor"), describe(kind));
        StepResponse ok = w.call().step(step(id, actions(0, 1, 0)));
        equal(3, ok.getRewardsCount(), "rewards");
    }

    /**
     * Two envs of the Box env: NaN in env 1 and minus infinity in env 0 are INVALID_ARGUMENT (the
     * first naming "env 1"); every element at 100 in env 0 and -100 in env 1, far outside the
     * bounds, is stepped (the env clips).
     */
    void nanBoxAction(Wire w) {
        String envId = needs.boxEnvId();
        MakeResponse made = w.make(MakeRequest.newBuilder().setEnvId(envId).setNumEnvs(2));
        String id = made.getSessionId();
        Space<?> single = ProtoCodec.fromProto(made.getSingleActionSpace());
        if (!(single instanceof Box box)) {
            throw new AssertionError(envId + " was given as the Box env but acts in " + single);
        }
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        int size = box.size();
        float[] nan = new float[2 * size];
        nan[size] = Float.NaN;
        var e = fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, batch(box, nan))));
        isTrue(describe(e).contains("env 1"), describe(e));
        float[] inf = new float[2 * size];
        inf[0] = Float.NEGATIVE_INFINITY;
        fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, batch(box, inf))));
        float[] outside = new float[2 * size];
        Arrays.fill(outside, 0, size, 100f);
        Arrays.fill(outside, size, 2 * size, -100f);
        StepResponse r = w.call().step(step(id, batch(box, outside)));
        equal(2, r.getRewardsCount(), "rewards");
    }

    /** Two float32 actions of {@code box}'s shape, from {@code values} (env 0's, then env 1's). */
    private static Value batch(Box box, float[] values) {
        int[] shape = new int[box.shape().length + 1];
        shape[0] = 2;
        System.arraycopy(box.shape(), 0, shape, 1, box.shape().length);
        return ProtoCodec.toValue(Tensor.of(io.gymbridge.env.DType.FLOAT32, shape, values));
    }

    void malformedTensor(Wire w) {
        needs.requireDiscreteEnv();
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).build());
        Value malformed =
                Value.newBuilder()
                        .setTensor(
                                io.gymbridge.proto.v1.Tensor.newBuilder()
                                        .setDtype(DType.DTYPE_INT64)
                                        .addShape(1)
                                        .setData(ByteString.copyFrom(new byte[5])))
                        .build();
        var e = fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, malformed)));
        isTrue(describe(e).contains("bytes"), describe(e));
        Value noDtype =
                Value.newBuilder()
                        .setTensor(
                                io.gymbridge.proto.v1.Tensor.newBuilder()
                                        .addShape(1)
                                        .setData(ByteString.copyFrom(new byte[8])))
                        .build();
        fails(Status.Code.INVALID_ARGUMENT, () -> w.call().step(step(id, noDtype)));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> w.call().step(StepRequest.newBuilder().setSessionId(id).build()));
        equal(1, w.call().step(step(id, actions(1))).getRewardsCount(), "rewards");
    }

    void stepBeforeReset(Wire w) {
        needs.requireDiscreteEnv();
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        var e = fails(Status.Code.FAILED_PRECONDITION, () -> w.call().step(step(id, actions(0))));
        isTrue(describe(e).contains("reset"), describe(e));
    }

    void envThrows(Wire w) {
        String exploding = needs.explodingEnvId();
        needs.requireDiscreteEnv();
        String bad = w.make(MakeRequest.newBuilder().setEnvId(exploding)).getSessionId();
        String good = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(bad).build());
        w.call().reset(ResetRequest.newBuilder().setSessionId(good).build());
        var e = fails(Status.Code.INTERNAL, () -> w.call().step(step(bad, actions(1))));
        isTrue(describe(e).contains("kaboom"), describe(e));
        equal(1.0, w.call().step(step(bad, actions(0))).getRewards(0), "reward of action 0");
        equal(1, w.call().step(step(good, actions(0))).getRewardsCount(), "rewards");
    }
}
