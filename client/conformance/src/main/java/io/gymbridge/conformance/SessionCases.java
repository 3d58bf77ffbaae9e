package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.equal;
import static io.gymbridge.conformance.Expect.isFalse;
import static io.gymbridge.conformance.Expect.isTrue;
import static io.gymbridge.conformance.Wire.actions;
import static io.gymbridge.conformance.Wire.describe;
import static io.gymbridge.conformance.Wire.fails;
import static io.gymbridge.conformance.Wire.step;

import io.grpc.Status;
import io.grpc.stub.BlockingClientCall;
import io.gymbridge.proto.v1.AutoresetMode;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The bodies of {@link ErrorContract}'s cases on session state: resets, lookups, lease, stream. */
final class SessionCases {
    private static final String CARTPOLE = ErrorContract.DISCRETE_ENV_ID;

    private final ErrorContract contract;
    private final Needs needs;

    SessionCases(ErrorContract contract, Needs needs) {
        this.contract = contract;
        this.needs = needs;
    }

    void stepAfterEpisodeEnd(Wire w) {
        needs.requireDiscreteEnv();
        String id =
                w.make(
                                MakeRequest.newBuilder()
                                        .setEnvId(CARTPOLE)
                                        .setNumEnvs(2)
                                        .setMaxEpisodeSteps(2)
                                        .setAutoresetMode(AutoresetMode.AUTORESET_MODE_DISABLED))
                        .getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(0).build());
        w.call().step(step(id, actions(0, 0)));
        StepResponse end = w.call().step(step(id, actions(0, 0)));
        isTrue(end.getTruncated(0) && end.getTruncated(1), "both truncated at step 2: " + end);
        var e =
                fails(
                        Status.Code.FAILED_PRECONDITION,
                        () -> w.call().step(step(id, actions(0, 0))));
        isTrue(describe(e).contains("env 0"), describe(e));
        w.call()
                .reset(
                        ResetRequest.newBuilder()
                                .setSessionId(id)
                                .addResetMask(true)
                                .addResetMask(true)
                                .build());
        w.call().step(step(id, actions(0, 0)));
    }

    /**
     * Numbered steps (capability step.seq): a repeat of the last number is answered again without
     * stepping, a gap or an old number is FAILED_PRECONDITION and steps nothing, a refused step
     * keeps its number free.
     */
    void stepSeq(Wire w) {
        needs.requireCapability("step.seq");
        needs.requireDiscreteEnv();
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(id).setSeed(1).build());
        StepResponse first = w.call().step(numbered(id, 1, 1));
        isTrue(first.getSeq() == 1, "the answer carries seq 1: " + first);
        StepResponse again = w.call().step(numbered(id, 0, 1));
        isTrue(again.equals(first), "a repeat of seq 1 is answered as the first: " + again);
        var gap = fails(Status.Code.FAILED_PRECONDITION, () -> w.call().step(numbered(id, 1, 3)));
        isTrue(describe(gap).contains("3"), describe(gap));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () -> w.call().step(step(id, actions(7)).toBuilder().setSeq(2).build()));
        StepResponse second = w.call().step(numbered(id, 1, 2));
        isTrue(second.getSeq() == 2, "seq 2 after a refused step 2: " + second);
        // one step applied per number: seq 1 and 2 moved the cart twice, as two unnumbered steps
        String plain = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().reset(ResetRequest.newBuilder().setSessionId(plain).setSeed(1).build());
        w.call().step(step(plain, actions(1)));
        StepResponse two = w.call().step(step(plain, actions(1)));
        isTrue(
                two.getObservations().equals(second.getObservations()),
                "two numbered steps (and a repeat) stepped as two plain steps");
        fails(Status.Code.FAILED_PRECONDITION, () -> w.call().step(numbered(id, 0, 1)));
    }

    private static StepRequest numbered(String id, long action, long seq) {
        return step(id, actions(action)).toBuilder().setSeq(seq).build();
    }

    void rejectedReset(Wire w) {
        needs.requireDiscreteEnv();
        String id =
                w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE).setNumEnvs(2)).getSessionId();
        var mask =
                fails(
                        Status.Code.FAILED_PRECONDITION,
                        () ->
                                w.call()
                                        .reset(
                                                ResetRequest.newBuilder()
                                                        .setSessionId(id)
                                                        .addResetMask(true)
                                                        .addResetMask(false)
                                                        .build()));
        isTrue(describe(mask).contains("env 1 was never reset"), describe(mask));
        var overflow =
                fails(
                        Status.Code.INVALID_ARGUMENT,
                        () ->
                                w.call()
                                        .reset(
                                                ResetRequest.newBuilder()
                                                        .setSessionId(id)
                                                        .setSeed(Long.MAX_VALUE)
                                                        .build()));
        isTrue(describe(overflow).contains("overflows"), describe(overflow));
        fails(
                Status.Code.INVALID_ARGUMENT,
                () ->
                        w.call()
                                .reset(
                                        ResetRequest.newBuilder()
                                                .setSessionId(id)
                                                .addResetMask(true)
                                                .build()));
        // env 0 was not reset by the rejected masked reset: stepping is still "before reset"
        fails(Status.Code.FAILED_PRECONDITION, () -> w.call().step(step(id, actions(0, 0))));
        w.call()
                .reset(
                        ResetRequest.newBuilder()
                                .setSessionId(id)
                                .setSeed(Long.MAX_VALUE - 1)
                                .build());
        equal(2, w.call().step(step(id, actions(0, 0))).getRewardsCount(), "rewards");
    }

    void unknownSession(Wire w) {
        needs.requireDiscreteEnv();
        fails(Status.Code.NOT_FOUND, () -> w.call().step(step("no-such-session", actions(0))));
        String id = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        w.call().close(CloseRequest.newBuilder().setSessionId(id).build());
        w.call().close(CloseRequest.newBuilder().setSessionId(id).build());
        fails(
                Status.Code.NOT_FOUND,
                () -> w.call().reset(ResetRequest.newBuilder().setSessionId(id).build()));
    }

    /**
     * On a server started with a short lease if the contract can start one, else on the server
     * under test if its own lease is short: an idle session is closed after 3 leases (the sweep run
     * by the hook, or by the server itself) and then NOT_FOUND saying "expired", while a session
     * kept busy stays open.
     */
    void leaseExpiry(Wire shared) throws Exception {
        needs.requireDiscreteEnv();
        ServerHandle.Starter starter = needs.shortLeaseServer();
        if (starter == null) {
            idleSessionExpires(shared, needs.ownLease());
            return;
        }
        try (ServerHandle leased = starter.start(needs.shortLease())) {
            String notes = contract.run(leased, w -> idleSessionExpires(w, needs.shortLease()));
            if (!notes.isEmpty()) {
                shared.note(notes);
            }
        }
    }

    private static void idleSessionExpires(Wire w, Duration lease) throws InterruptedException {
        String idle = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        String busy = w.make(MakeRequest.newBuilder().setEnvId(CARTPOLE)).getSessionId();
        long end = System.nanoTime() + 3 * lease.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, lease.toMillis() / 4));
            w.call().reset(ResetRequest.newBuilder().setSessionId(busy).build());
        }
        if (!w.server().expireIdle()) {
            w.note("no hook to run the lease sweep: waited 3 leases for the server's own");
        }
        var e =
                fails(
                        Status.Code.NOT_FOUND,
                        () -> w.call().reset(ResetRequest.newBuilder().setSessionId(idle).build()));
        isTrue(describe(e).contains("expired"), describe(e));
        w.call().reset(ResetRequest.newBuilder().setSessionId(busy).build());
        w.assertSessionCount(1);
        w.call().close(CloseRequest.newBuilder().setSessionId(busy).build());
        w.forgetOpened();
    }

    void stream(Wire w) throws Exception {
        needs.requireDiscreteEnv();
        BlockingClientCall<SessionRequest, SessionResponse> s =
                EnvServiceGrpc.newBlockingV2Stub(w.channel())
                        .withDeadlineAfter(w.deadline().toMillis(), TimeUnit.MILLISECONDS)
                        .session();
        try {
            s.write(
                    SessionRequest.newBuilder()
                            .setMake(MakeRequest.newBuilder().setEnvId(CARTPOLE))
                            .build());
            String id = s.read().getMake().getSessionId();
            w.opened(id);
            s.write(SessionRequest.getDefaultInstance());
            SessionResponse empty = s.read();
            equal(
                    Status.Code.INVALID_ARGUMENT.value(),
                    empty.getError().getCode(),
                    "error code of an empty request");
            s.write(SessionRequest.newBuilder().setStep(step(id, actions(0))).build());
            equal(
                    Status.Code.FAILED_PRECONDITION.value(),
                    s.read().getError().getCode(),
                    "error code of a step before reset");
            s.write(
                    SessionRequest.newBuilder()
                            .setReset(ResetRequest.newBuilder().setSessionId(id).setSeed(3))
                            .build());
            s.write(SessionRequest.newBuilder().setStep(step(id, actions(1))).build());
            isTrue(s.read().hasReset(), "the reset answered first");
            SessionResponse stepped = s.read();
            isTrue(stepped.hasStep(), "then the step");
            isFalse(stepped.getStep().getTerminated(0), "terminated after one step");
            s.halfClose();
        } catch (Exception | Error e) {
            s.cancel("the case failed", e);
            throw e;
        }
    }
}
