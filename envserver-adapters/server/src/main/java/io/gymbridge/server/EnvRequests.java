package io.gymbridge.server;

import io.grpc.Status;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorReset;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.proto.v1.ClearFaultRequest;
import io.gymbridge.proto.v1.ClearFaultResponse;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.CloseResponse;
import io.gymbridge.proto.v1.EmergencyStopRequest;
import io.gymbridge.proto.v1.EmergencyStopResponse;
import io.gymbridge.proto.v1.EnvDescription;
import io.gymbridge.proto.v1.Error;
import io.gymbridge.proto.v1.ListEnvsResponse;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.RenderResponse;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.ResetResponse;
import io.gymbridge.proto.v1.ServerInfo;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.proto.v1.Timing;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.proto.v1.ValueMap;
import io.gymbridge.wire.ProtoCodec;
import io.gymbridge.wire.WireEnums;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server does for each request, independent of how it arrived (unary RPC or stream). Every
 * failure is an {@link EnvException} whose code becomes the gRPC status: bad requests are
 * INVALID_ARGUMENT, an env that throws is INTERNAL with the env's message, and nothing escapes.
 */
final class EnvRequests {
    private static final Logger log = Logger.getLogger(EnvRequests.class.getName());
    static final String PROTOCOL_VERSION = "gymbridge.v1";
    static final String SERVER_NAME = "gymbridge-java";
    static final String SERVER_VERSION = "0.1.0";

    private final EnvRegistry registry;
    private final SessionStore sessions;
    private final ServerOptions options;

    /** Writes the emergency stops' log lines, off the stop's own path. */
    private final Executor stopLog;

    /** The callers who may stop every caller's sessions. */
    private final Set<String> operators;

    /** The watchdogs' thread. */
    private final ScheduledExecutorService watchdogTimer;

    /** This run of the server: a random id, new at every start (ServerInfo.incarnation). */
    private final String incarnation = newIncarnation();

    /**
     * @param stopLog where the emergency stops' log lines are written, off the stops' own thread
     *     (the server owns and shuts it down)
     * @param watchdogTimer the thread the sessions' watchdogs run on (the server owns it)
     */
    EnvRequests(
            EnvRegistry registry,
            SessionStore sessions,
            ServerOptions options,
            Set<String> operators,
            Executor stopLog,
            ScheduledExecutorService watchdogTimer) {
        this.registry = registry;
        this.watchdogTimer = watchdogTimer;
        this.operators = operators;
        this.stopLog = stopLog;
        this.sessions = sessions;
        this.options = options;
    }

    private static String newIncarnation() {
        byte[] b = new byte[12];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** The id of this run of the server. */
    String incarnation() {
        return incarnation;
    }

    ServerInfo serverInfo() {
        return ServerInfo.newBuilder()
                .setProtocolVersion(PROTOCOL_VERSION)
                .addAllCapabilities(
                        List.of(
                                "stream",
                                "render",
                                "autoreset.next_step",
                                "autoreset.same_step",
                                "autoreset.disabled",
                                "step.seq",
                                "timing",
                                "emergency_stop",
                                "watchdog",
                                "control"))
                .addAllCapabilities(registry.capabilities())
                .setIncarnation(incarnation)
                .setServerName(SERVER_NAME)
                .setServerVersion(SERVER_VERSION)
                .setMaxSessions(sessions.maxSessionsPerCaller())
                .setMaxNumEnvs(Math.min(options.maxNumEnvs(), sessions.maxEnvsPerCaller()))
                .setLeaseSeconds(leaseSeconds())
                .build();
    }

    ListEnvsResponse listEnvs() {
        ListEnvsResponse.Builder b = ListEnvsResponse.newBuilder();
        for (String id : servedIds()) {
            try (var env = registry.make(id, Map.of())) {
                b.addEnvs(
                        EnvDescription.newBuilder()
                                .setSpec(ProtoCodec.toProto(env.spec()))
                                .setObservationSpace(ProtoCodec.toProto(env.observationSpace()))
                                .setActionSpace(ProtoCodec.toProto(env.actionSpace())));
            } catch (EnvException e) {
                // needs kwargs (MJCF-v0) or a simulator this machine lacks: not listed, still made
                log.fine(() -> "not listing " + id + ": " + e.getMessage());
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "cannot describe " + id, e);
            }
        }
        return b.build();
    }

    MakeResponse make(MakeRequest req) {
        String envId = req.getEnvId();
        if (envId.isEmpty()) {
            throw EnvException.invalidArgument("make needs an env_id");
        }
        if (!isServed(envId)) {
            throw EnvException.notFound(
                    "no env with id '"
                            + EnvException.echo(envId)
                            + "' on this server"
                            + suggestions(envId));
        }
        int numEnvs = req.getNumEnvs() == 0 ? 1 : req.getNumEnvs();
        if (numEnvs < 0) {
            throw EnvException.invalidArgument("num_envs must be >= 1, got " + numEnvs);
        }
        if (numEnvs > options.maxNumEnvs()) {
            throw new EnvException(
                    EnvException.Code.RESOURCE_EXHAUSTED,
                    "num_envs "
                            + numEnvs
                            + " is over this server's limit of "
                            + options.maxNumEnvs());
        }
        String renderMode = req.getRenderMode().isEmpty() ? null : req.getRenderMode();
        if (renderMode != null && !renderMode.equals("rgb_array")) {
            throw EnvException.invalidArgument(
                    "render_mode must be \"rgb_array\" or empty, got \""
                            + EnvException.echo(renderMode)
                            + "\"");
        }
        AutoresetMode mode;
        try {
            mode = WireEnums.autoresetModeOf(req.getAutoresetModeValue());
        } catch (IllegalArgumentException e) {
            throw EnvException.invalidArgument(e.getMessage());
        }
        Map<String, Object> kwargs =
                decode(
                        "kwargs",
                        () ->
                                ProtoCodec.fromValueMap(
                                        ValueMap.newBuilder()
                                                .putAllEntries(req.getKwargsMap())
                                                .build()));
        if (kwargs.containsKey("max_episode_steps") || kwargs.containsKey("render_mode")) {
            throw EnvException.invalidArgument(
                    "max_episode_steps and render_mode are fields of MakeRequest, not kwargs");
        }
        Map<String, Object> makeArgs = new LinkedHashMap<>(kwargs);
        if (req.hasMaxEpisodeSteps()) {
            long steps = req.getMaxEpisodeSteps();
            if (steps < 1 || steps > Integer.MAX_VALUE) {
                throw EnvException.invalidArgument(
                        "max_episode_steps must be in [1, "
                                + Integer.MAX_VALUE
                                + "], got "
                                + steps);
            }
            makeArgs.put("max_episode_steps", steps);
        }
        if (renderMode != null) {
            makeArgs.put("render_mode", renderMode);
        }
        if (req.hasWatchdog()) {
            Watchdog.validate(req.getWatchdog());
        }
        sessions.checkCapacity(Caller.current(), numEnvs); // before building envs for nothing
        VectorEnv<Object, Object> env =
                callEnv(envId, () -> registry.makeVector(envId, makeArgs, numEnvs, mode));
        MakeResponse.Builder response;
        try {
            response =
                    MakeResponse.newBuilder()
                            .setNumEnvs(numEnvs)
                            .setAutoresetMode(WireEnums.toProto(mode))
                            .setSingleObservationSpace(
                                    ProtoCodec.toProto(env.singleObservationSpace()))
                            .setSingleActionSpace(ProtoCodec.toProto(env.singleActionSpace()))
                            .setObservationSpace(ProtoCodec.toProto(env.observationSpace()))
                            .setActionSpace(ProtoCodec.toProto(env.actionSpace()))
                            .setMetadata(ProtoCodec.toValueMap(env.metadata()))
                            .setSpec(ProtoCodec.toProto(env.spec()))
                            .setLeaseSeconds(leaseSeconds())
                            .setIncarnation(incarnation);
        } catch (RuntimeException e) {
            env.close();
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    envId + " has spaces or metadata the protocol cannot carry: " + e.getMessage(),
                    e);
        }
        Session s = sessions.add(Caller.current(), envId, env, renderMode);
        if (req.hasWatchdog()) {
            s.watchdog = Watchdog.of(req.getWatchdog(), s, watchdogTimer); // armed by the Reset
        }
        return response.setSessionId(s.id).build();
    }

    /**
     * The times of one request, on the monotonic clock ({@link System#nanoTime()}) and the wall
     * clock (Unix nanoseconds), read at each point: Timing in docs/protocol.md.
     */
    private static final class Clock {
        private final Timing.Builder timing = Timing.newBuilder();

        Clock() {
            timing.setReceivedMonotonicNs(System.nanoTime()).setReceivedUnixNs(unixNanos());
        }

        void applied() {
            timing.setAppliedMonotonicNs(System.nanoTime()).setAppliedUnixNs(unixNanos());
        }

        void observed() {
            timing.setObservedMonotonicNs(System.nanoTime()).setObservedUnixNs(unixNanos());
        }

        Timing sent() {
            return timing.setSentMonotonicNs(System.nanoTime()).setSentUnixNs(unixNanos()).build();
        }

        private static long unixNanos() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }

    /** The lease in whole seconds, rounded up, at least 1. */
    private long leaseSeconds() {
        return Math.max(1, (options.lease().toMillis() + 999) / 1000);
    }

    ResetResponse reset(ResetRequest req) {
        Session s = acquire(req.getSessionId());
        Clock clock = new Clock();
        try {
            int n = s.env.numEnvs();
            boolean[] mask = null;
            if (req.getResetMaskCount() > 0) {
                if (req.getResetMaskCount() != n) {
                    throw EnvException.invalidArgument(
                            "reset_mask needs "
                                    + n
                                    + " flags (one per env), got "
                                    + req.getResetMaskCount());
                }
                mask = new boolean[n];
                for (int i = 0; i < n; i++) {
                    mask[i] = req.getResetMask(i);
                }
            }
            if (req.hasSeed() && req.getSeed() < 0) {
                throw EnvException.invalidArgument(
                        "seed must be a non-negative integer, got " + req.getSeed());
            }
            Long seed = req.hasSeed() ? req.getSeed() : null;
            Map<String, Object> options =
                    decode("options", () -> ProtoCodec.fromValueMap(req.getOptions()));
            boolean[] finalMask = mask;
            clock.applied();
            VectorReset<Object> r = callEnv(s.envId, () -> s.env.reset(seed, options, finalMask));
            clock.observed();
            s.everReset = true;
            s.clearFault(); // a Reset clears a fault, and (re-)arms the watchdog
            ResetResponse.Builder b =
                    ResetResponse.newBuilder()
                            .setObservations(ProtoCodec.toValue(r.observations()))
                            .addAllInfos(ProtoCodec.toInfos(r.infos()));
            return b.setTiming(clock.sent()).build();
        } finally {
            s.lock.unlock();
        }
    }

    StepResponse step(StepRequest req) {
        Session s = acquire(req.getSessionId());
        Clock clock = new Clock();
        try {
            s.checkNotStopped();
            if (!req.hasActions()) {
                throw EnvException.invalidArgument(
                        "step needs actions for "
                                + s.env.numEnvs()
                                + " envs of "
                                + s.envId
                                + ", a value of "
                                + s.env.actionSpace());
            }
            long seq = req.getSeq();
            if (seq != 0) {
                if (seq == s.lastSeq && s.lastStep != null) {
                    return s.lastStep; // a retry of the last step: its answer, nothing stepped
                }
                if (seq != s.lastSeq + 1) {
                    throw EnvException.failedPrecondition(
                            "step seq "
                                    + Long.toUnsignedString(seq)
                                    + " is out of order for this session of "
                                    + s.envId
                                    + ": its last step was "
                                    + s.lastSeq
                                    + "; send "
                                    + (s.lastSeq + 1)
                                    + " for the next step, or "
                                    + s.lastSeq
                                    + " again for the last one's answer");
                }
            }
            Object actions =
                    decode(
                            "actions",
                            () -> ProtoCodec.fromSpaceValue(s.env.actionSpace(), req.getActions()));
            Watchdog watchdog = s.watchdog;
            if (watchdog != null) {
                watchdog.commandStarted();
            }
            clock.applied();
            VectorStep<Object> r;
            try {
                r = callEnv(s.envId, () -> s.env.step(actions));
            } finally {
                if (watchdog != null) {
                    watchdog.commandEnded();
                }
            }
            clock.observed();
            StepResponse response = stepResponse(r, seq).setTiming(clock.sent()).build();
            if (seq != 0) {
                s.lastSeq = seq;
                s.lastStep = response;
            }
            return response;
        } finally {
            s.lock.unlock();
        }
    }

    private static StepResponse.Builder stepResponse(VectorStep<Object> r, long seq) {
        StepResponse.Builder b =
                StepResponse.newBuilder()
                        .setObservations(ProtoCodec.toValue(r.observations()))
                        .setSeq(seq);
        int n = r.numEnvs();
        for (int i = 0; i < n; i++) {
            b.addRewards(r.rewards()[i]);
            b.addTerminated(r.terminated()[i]);
            b.addTruncated(r.truncated()[i]);
        }
        return b.addAllInfos(ProtoCodec.toInfos(r.infos()));
    }

    /**
     * One tick of an env-paced session: steps its envs with {@code actions}, numbered {@code seq}
     * (the caller holds the session's lock and checked the actions).
     */
    static StepResponse tickLocked(Session s, Object actions, long seq) {
        Clock clock = new Clock();
        clock.applied();
        VectorStep<Object> r = callEnv(s.envId, () -> s.env.step(actions));
        clock.observed();
        return stepResponse(r, seq).setTiming(clock.sent()).build();
    }

    /**
     * The actions of a Control stream's request, decoded and checked against the session's action
     * space.
     *
     * @throws EnvException INVALID_ARGUMENT naming what is wrong
     */
    static Object controlActions(Session s, Value value) {
        Object actions =
                decode("actions", () -> ProtoCodec.fromSpaceValue(s.env.actionSpace(), value));
        Optional<String> mismatch = s.env.actionSpace().actionMismatch(actions);
        if (mismatch.isPresent()) {
            throw EnvException.invalidArgument(
                    "actions for "
                            + s.envId
                            + " are not in "
                            + s.env.actionSpace()
                            + ": "
                            + mismatch.get());
        }
        return actions;
    }

    RenderResponse render(RenderRequest req) {
        Session s = acquire(req.getSessionId());
        try {
            if (s.renderMode == null) {
                throw EnvException.failedPrecondition(
                        "session of "
                                + s.envId
                                + " was made without render_mode; make it with render_mode \"rgb_array\"");
            }
            Tensor frame = callEnv(s.envId, () -> s.env.render(req.getEnvIndex()));
            return RenderResponse.newBuilder().setFrame(ProtoCodec.toProto(frame)).build();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Latches the fault of the session named, or of every open session of the caller, and calls the
     * envs' emergency-stop hooks: without the sessions' locks, so that a step in progress does not
     * hold it up (the step finishes; the next is refused).
     */
    EmergencyStopResponse emergencyStop(EmergencyStopRequest req) {
        String reason = req.getReason().isEmpty() ? "" : EnvException.echo(req.getReason());
        String fault = "emergency stop" + (reason.isEmpty() ? "" : ": " + reason);
        List<Session> stopped;
        if (req.getAllCallers()) {
            if (!req.getSessionId().isEmpty()) {
                throw EnvException.invalidArgument(
                        "all_callers stops every session: leave session_id empty");
            }
            if (!operators.contains(Caller.current().name())) {
                throw new EnvException(
                        EnvException.Code.PERMISSION_DENIED,
                        "only the server's operators may stop every caller's sessions, and you ("
                                + Caller.current()
                                + ") are not one (serve --operator NAME); your own sessions stop"
                                + " without all_callers");
            }
            stopped = sessions.allOpen();
        } else {
            stopped = sessions.toStop(req.getSessionId(), Caller.current());
        }
        for (Session s : stopped) {
            s.latch(Fault.emergencyStop(fault));
            ControlLoop control = s.control();
            if (control != null) {
                control.wake(); // its ticks stop at once
            }
            try {
                s.env.emergencyStop(reason);
            } catch (RuntimeException e) {
                log.warning(
                        "the emergency-stop hook of "
                                + s.envId
                                + " (session "
                                + s.id
                                + ") failed: "
                                + e);
            }
        }
        // logged after the answer is on its way: the log's output must not delay the stop
        String message =
                "EMERGENCY STOP of "
                        + stopped.size()
                        + " session(s) of "
                        + (req.getAllCallers() ? "every caller, by " : "")
                        + Caller.current()
                        + (reason.isEmpty() ? "" : ": " + reason);
        stopLog.execute(() -> log.warning(message));
        return EmergencyStopResponse.newBuilder().setSessions(stopped.size()).build();
    }

    /** Clears a session's fault without resetting it; the watchdog counts silence from now. */
    ClearFaultResponse clearFault(ClearFaultRequest req) {
        Session s = sessions.find(checkedId(req.getSessionId()), Caller.current());
        Fault old = s.clearFault();
        return ClearFaultResponse.newBuilder().setFault(old == null ? "" : old.message()).build();
    }

    /**
     * A Session or Control stream that carried these sessions was cancelled or lost its connection:
     * silence for their watchdogs.
     */
    void streamLost(Collection<String> sessionIds) {
        for (String id : sessionIds) {
            Session s = sessions.peek(id);
            if (s != null && s.watchdog != null) {
                s.watchdog.streamLost();
            }
        }
    }

    /** The session a Control stream starts on, unlocked: the loop takes the lock per tick. */
    Session controlled(String sessionId) {
        return sessions.find(checkedId(sessionId), Caller.current());
    }

    CloseResponse close(CloseRequest req) {
        sessions.close(req.getSessionId(), Caller.current());
        return CloseResponse.getDefaultInstance();
    }

    /** Answers one stream request; a failure becomes an error response, never an exception. */
    SessionResponse handle(SessionRequest req) {
        SessionResponse.Builder b = SessionResponse.newBuilder();
        try {
            Unparseable.check(req);
            switch (req.getRequestCase()) {
                case STEP -> b.setStep(step(req.getStep()));
                case RESET -> b.setReset(reset(req.getReset()));
                case MAKE -> b.setMake(make(req.getMake()));
                case RENDER -> b.setRender(render(req.getRender()));
                case CLOSE -> b.setClose(close(req.getClose()));
                case GET_SERVER_INFO -> b.setServerInfo(serverInfo());
                case CLEAR_FAULT -> b.setClearFault(clearFault(req.getClearFault()));
                case REQUEST_NOT_SET ->
                        throw EnvException.invalidArgument("empty SessionRequest: set one request");
            }
        } catch (RuntimeException e) {
            b.setError(error(asEnvException(e)));
        }
        return b.build();
    }

    /** {@code e} as a stream's error response (its code and bounded message). */
    static Error error(EnvException e) {
        return Error.newBuilder()
                .setCode(WireEnums.statusCode(e.code()))
                .setMessage(bounded(e.description()))
                .build();
    }

    /** {@code e} as a call's status (its code and bounded message). */
    static Status status(EnvException e) {
        return Status.fromCodeValue(WireEnums.statusCode(e.code()))
                .withDescription(bounded(e.description()));
    }

    /** The most bytes (UTF-8) of an error message, docs/protocol.md section 7. */
    static final int MAX_MESSAGE_BYTES = 1024;

    /**
     * An error message of at most {@value #MAX_MESSAGE_BYTES} bytes in UTF-8: a longer one is cut
     * at a character boundary and ends in "...". A unary call's message travels in HTTP/2 headers,
     * where gRPC percent-encodes it (up to 3 bytes per byte) under an 8 KiB limit by default.
     */
    static String bounded(String message) {
        if (message.length() <= MAX_MESSAGE_BYTES / 3) {
            return message; // at most 3 bytes per char (a surrogate pair is 4 bytes for 2 chars)
        }
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_MESSAGE_BYTES) {
            return message;
        }
        int end = MAX_MESSAGE_BYTES - 3;
        while ((utf8[end] & 0xC0) == 0x80) { // not in the middle of a character
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8) + "...";
    }

    /**
     * The session named by a request, locked. Session ids are 32 hex digits: a longer one is no
     * session, and is refused here so that the message quotes it cut ({@link EnvException#echo}).
     */
    private Session acquire(String sessionId) {
        return sessions.acquire(checkedId(sessionId), Caller.current());
    }

    private static String checkedId(String sessionId) {
        if (sessionId.length() > EnvException.MAX_ECHO_CHARS) {
            throw EnvException.notFound(
                    "no open session with id '"
                            + EnvException.echo(sessionId)
                            + "'; make one first");
        }
        return sessionId;
    }

    /** Maps anything thrown by a handler to an EnvException; unexpected ones are INTERNAL. */
    static EnvException asEnvException(RuntimeException e) {
        if (e instanceof EnvException ee) {
            return ee;
        }
        log.log(Level.WARNING, "unexpected failure in the server", e);
        return new EnvException(EnvException.Code.INTERNAL, "server error: " + e, e);
    }

    private List<String> servedIds() {
        return registry.ids().stream().filter(this::isServed).toList();
    }

    private boolean isServed(String envId) {
        return registry.contains(envId)
                && (options.allowedEnvIds().isEmpty() || options.allowedEnvIds().contains(envId));
    }

    private String suggestions(String envId) {
        // an edit distance to every id costs length x ids: not worth it for an id this long
        List<String> close =
                envId.length() > 4 * EnvException.MAX_ECHO_CHARS
                        ? List.of()
                        : registry.closest(envId, 3).stream().filter(this::isServed).toList();
        if (!close.isEmpty()) {
            return "; did you mean " + String.join(", ", close) + "?";
        }
        return "; it serves " + servedIds();
    }

    /** Runs a decoding step: any failure is a malformed request, INVALID_ARGUMENT. */
    private static <T> T decode(String what, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (EnvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EnvException.invalidArgument("malformed " + what + ": " + e.getMessage());
        }
    }

    /**
     * Runs env code: EnvExceptions pass (they carry their own code); anything else the env throws
     * is INTERNAL with the env's message, and the server goes on.
     */
    private static <T> T callEnv(String envId, Supplier<T> call) {
        try {
            return call.get();
        } catch (EnvException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            log.log(Level.FINE, envId + " raised", e);
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    envId + " raised " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }
}
