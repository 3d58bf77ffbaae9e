package io.gymbridge.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every case of the error contract (docs/protocol.md, section 7), at the wire level: raw
 * gymbridge.v1 requests, written once and run against any server.
 *
 * <p>What the cases need from the server, and what happens without it:
 *
 * <ul>
 *   <li>{@value #DISCRETE_ENV_ID}, the protocol's reference env (Discrete(2) actions): most cases
 *       use it; they are skipped if the server does not list it.
 *   <li>An env with Box actions and a numeric kwarg ({@link Builder#optBoxEnv}, Pendulum-v1 and
 *       {@code g} by default): the NaN/infinity and wrong-kwarg-type cases; skipped if it is not
 *       listed.
 *   <li>An env whose step with action 1 raises and whose kwarg {@code fail_on_make=true} makes the
 *       constructor raise ({@link Builder#optExplodingEnv}, {@value #EXPLODING_ENV_ID} by default,
 *       which the project's test servers register): the INTERNAL cases; skipped if it is not
 *       listed, as on a server that serves only real envs.
 *   <li>Its limits ({@link Builder#optLimits}, else as its ServerInfo reports them): the
 *       RESOURCE_EXHAUSTED cases open {@code max_sessions} sessions and ask for {@code max_num_envs
 *       + 1} envs; skipped if a limit is unknown or, for sessions, above {@value
 *       #MAX_SESSIONS_TO_FILL}. Run them against a server no one else is using.
 *   <li>A short lease: a way to start a server with one ({@link Builder#optShortLeaseServer}), else
 *       the server's own lease if it is at most {@link Builder#optMaxLeaseWait} (5 s by default);
 *       the lease case is skipped otherwise. A hook to run the lease sweep ({@link
 *       ServerHandle#expireIdle}) is optional: without it the case waits for the server's sweep.
 *   <li>A session count ({@link ServerHandle#sessionCount}): optional; without it the cases that
 *       would check it pass with a note saying it was not checked.
 * </ul>
 *
 * <p>Each case closes the sessions it made. Instances are immutable; the server's ServerInfo and
 * env list are fetched once, by the first case that needs them.
 */
public final class ErrorContract {
    /** The env most cases use. */
    public static final String DISCRETE_ENV_ID = "CartPole-v1";

    /** The default env whose step with action 1 raises. */
    public static final String EXPLODING_ENV_ID = "Exploding-v0";

    /** The most sessions the session-limit case opens; a server allowing more skips it. */
    public static final int MAX_SESSIONS_TO_FILL = 1024;

    private final ServerHandle server;
    private final Duration deadline;
    private final Needs needs;

    private ErrorContract(Builder b) {
        this.server = b.server;
        this.deadline = b.deadline;
        this.needs =
                new Needs(
                        b.server,
                        b.deadline,
                        b.maxSessions,
                        b.maxNumEnvs,
                        b.boxEnvId,
                        b.boxKwarg,
                        b.explodingEnvId,
                        b.checksKwargTypes,
                        b.shortLease,
                        b.shortLeaseServer,
                        b.maxLeaseWait);
    }

    /** A builder; only the server is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every case, in a fixed order. */
    public List<ContractCase> cases() {
        ErrorCases e = new ErrorCases(needs);
        SessionCases s = new SessionCases(this, needs);
        InputCases in = new InputCases(needs);
        RandomInputCases random = new RandomInputCases(needs);
        RobotCases r = new RobotCases(needs);
        List<ContractCase> out = new ArrayList<>();
        add(out, "make_unknownEnvId_notFoundNamingItAndClosestIds", e::unknownEnvId);
        add(out, "make_unknownKwarg_invalidArgumentNamingIt", e::unknownKwarg);
        add(out, "make_kwargOfWrongType_invalidArgumentNamingIt", e::kwargOfWrongType);
        add(out, "make_badRenderModeOrNegativeNumEnvs_invalidArgument", e::badMakeFields);
        add(out, "make_numEnvsOverLimit_resourceExhausted", e::numEnvsOverLimit);
        add(out, "make_moreSessionsThanLimit_resourceExhaustedAndFreedByClose", e::sessionLimit);
        add(out, "make_constructorThrows_internalWithItsMessage", e::constructorThrows);
        add(
                out,
                "step_wrongActionCountDtypeOrRange_invalidArgumentNamingEnvIndexAndSpace",
                e::wrongActions);
        add(out, "step_nanOrInfBoxAction_invalidArgument_outOfBoundsPasses", e::nanBoxAction);
        add(out, "step_tensorWithWrongByteLength_invalidArgument", e::malformedTensor);
        add(out, "step_beforeReset_failedPrecondition", e::stepBeforeReset);
        add(
                out,
                "step_afterEpisodeEndUnderDisabled_failedPreconditionUntilMaskedReset",
                s::stepAfterEpisodeEnd);
        add(out, "reset_rejected_changesNothing", s::rejectedReset);
        add(
                out,
                "step_numbered_repeatAnsweredAgain_gapOrOldRefused_nothingSteppedTwice",
                s::stepSeq);
        add(out, "step_unknownSession_notFound_closeTwiceIsFine", s::unknownSession);
        add(
                out,
                "step_envThrows_internalWithItsMessage_serverAndOtherSessionsKeepWorking",
                e::envThrows);
        add(out, "lease_idleSession_closedAndThenNotFoundAsExpired", s::leaseExpiry);
        add(out, "stream_failedRequest_answeredWithErrorAndStreamGoesOnInOrder", s::stream);
        add(
                out,
                "anyRequest_longStrings_echoedCutTo64CharsInMessagesOfAtMost1024Bytes",
                in::longStrings);
        add(
                out,
                "unary_unparseableBytes_invalidArgumentNamingTheMessageType",
                in::unparseableUnary);
        add(
                out,
                "stream_unparseableOrTooDeepRequest_answeredWithErrorAndStreamGoesOn",
                in::unparseableOnStream);
        add(
                out,
                "resetAndMake_nestedPastRecursionLimit_invalidArgumentAndSessionUnchanged",
                in::deepNesting);
        add(
                out,
                "step_discreteActionsOfOtherIntegerDtypes_judgedByValue_boolRefused",
                in::actionDtypes);
        add(
                out,
                "makeAndRender_integerFieldsOutsideDocumentedRanges_invalidArgument",
                in::integerFields);
        add(out, "step_tensorShapeOutsideDocumentedRanges_invalidArgument", in::tensorShapes);
        add(
                out,
                "stream_600RandomMutatedOrGarbageRequests_eachAnsweredInOrderWithANamedError",
                random::randomRequests);
        add(
                out,
                "watchdog_silence_faultsAfterTheTimeoutNotBefore_stepsRefusedUntilCleared",
                r::watchdogReaction);
        add(out, "watchdog_cancelledStream_faultsTheSessionAtOnce", r::cancelledStream);
        add(
                out,
                "control_ticksAtThePeriod_latestActionsHeld_stepsRefused_halfCloseEnds",
                r::control);
        add(
                out,
                "emergencyStop_withStepsInFlight_answeredAndLatched_latencyNoted",
                r::emergencyStopLatency);
        return out;
    }

    /** A case's body, given its view of the server. */
    @FunctionalInterface
    interface WireCheck {
        void run(Wire wire) throws Exception;
    }

    private void add(List<ContractCase> out, String name, WireCheck check) {
        out.add(ContractCase.of(name, () -> run(server, check)));
    }

    /** Runs {@code check} on {@code on}, closing the sessions it made; returns its notes. */
    String run(ServerHandle on, WireCheck check) throws Exception {
        Wire wire = new Wire(on, deadline);
        try {
            check.run(wire);
        } catch (Exception | Error e) {
            wire.closeOpened(e);
            throw e;
        }
        wire.closeOpened(null);
        return wire.notes();
    }

    /** Settings of an {@link ErrorContract}. */
    public static final class Builder {
        private ServerHandle server;
        private Duration deadline = Duration.ofSeconds(10);
        private int maxSessions;
        private int maxNumEnvs;
        private String boxEnvId = "Pendulum-v1";
        private String boxKwarg = "g";
        private String explodingEnvId = EXPLODING_ENV_ID;
        private boolean checksKwargTypes = true;
        private Duration shortLease;
        private ServerHandle.Starter shortLeaseServer;
        private Duration maxLeaseWait = Duration.ofSeconds(5);

        private Builder() {}

        /** The server under test (required); the contract does not close it. */
        public Builder setServer(ServerHandle server) {
            this.server = server;
            return this;
        }

        /** The deadline of every call; 10 s by default. */
        public Builder optDeadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** The server's limits, if known; by default as its ServerInfo reports them. */
        public Builder optLimits(int maxSessions, int maxNumEnvs) {
            this.maxSessions = maxSessions;
            this.maxNumEnvs = maxNumEnvs;
            return this;
        }

        /**
         * The env with Box actions, and a numeric kwarg of it (null if it has none); Pendulum-v1
         * and {@code g} by default.
         */
        public Builder optBoxEnv(String envId, String numericKwarg) {
            this.boxEnvId = envId;
            this.boxKwarg = numericKwarg;
            return this;
        }

        /**
         * The env that raises on purpose; {@value ErrorContract#EXPLODING_ENV_ID} by default, null
         * for none.
         */
        public Builder optExplodingEnv(String envId) {
            this.explodingEnvId = envId;
            return this;
        }

        /**
         * Whether the server's envs reject kwargs of the wrong type, as the protocol asks (true by
         * default); false skips that case, for a server whose envs take kwargs of any type, as
         * Python envs do.
         */
        public Builder optChecksKwargTypes(boolean checks) {
            this.checksKwargTypes = checks;
            return this;
        }

        /**
         * How to start a server like the one under test with a short lease, for the lease case.
         *
         * @param lease short enough for a test and long enough for the server's sweep to be timely
         * @param starter starts it; the case closes it
         */
        public Builder optShortLeaseServer(Duration lease, ServerHandle.Starter starter) {
            this.shortLease = lease;
            this.shortLeaseServer = starter;
            return this;
        }

        /**
         * The longest lease of the server under test the lease case waits for (3 times) when no
         * short-lease server can be started; 5 s by default.
         */
        public Builder optMaxLeaseWait(Duration maxLeaseWait) {
            this.maxLeaseWait = maxLeaseWait;
            return this;
        }

        /**
         * The contract.
         *
         * @throws IllegalArgumentException naming the setting that is missing or wrong
         */
        public ErrorContract build() {
            if (server == null) {
                throw new IllegalArgumentException("server is required (setServer)");
            }
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, got " + deadline);
            }
            if (maxSessions < 0 || maxNumEnvs < 0) {
                throw new IllegalArgumentException(
                        "limits must be >= 0 (0: as the server reports), got "
                                + maxSessions
                                + ", "
                                + maxNumEnvs);
            }
            if (boxEnvId == null || boxEnvId.isEmpty()) {
                throw new IllegalArgumentException("boxEnvId must be an env id");
            }
            if (shortLeaseServer != null
                    && (shortLease == null || shortLease.isNegative() || shortLease.isZero())) {
                throw new IllegalArgumentException(
                        "the short lease must be positive, got " + shortLease);
            }
            if (maxLeaseWait == null || maxLeaseWait.isNegative()) {
                throw new IllegalArgumentException(
                        "maxLeaseWait must be >= 0, got " + maxLeaseWait);
            }
            return new ErrorContract(this);
        }
    }
}
