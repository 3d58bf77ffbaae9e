package io.gymbridge.grpc;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorReset;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.proto.v1.ClearFaultRequest;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.ResetResponse;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.proto.v1.Watchdog;
import io.gymbridge.proto.v1.WatchdogAction;
import io.gymbridge.wire.ProtoCodec;
import io.gymbridge.wire.WireEnums;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A session of num_envs envs on a gymbridge server, as a {@link VectorEnv}: one round trip per
 * reset or step for all envs, batched values on the wire.
 *
 * <p>The env shares the channel to its server with every other env opened on the same {@code
 * host:port}; {@link #close} closes the session and releases the channel. Every request has a
 * deadline ({@link #DEFAULT_TIMEOUT} unless set); every failure is an {@link EnvException} carrying
 * the server's status code and message.
 */
public final class RemoteVectorEnv implements VectorEnv<Object, Object> {
    /** The deadline of each request unless one is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String authority;
    private final Runnable releaseChannel;
    private final Calls calls;
    private final String sessionId;
    private final int numEnvs;
    private final AutoresetMode mode;
    private final Space<?> singleObservationSpace;
    private final Space<?> singleActionSpace;
    private final Space<Object> observationSpace;
    private final Space<Object> actionSpace;
    private final EnvSpec spec;
    private final Map<String, Object> metadata;
    private boolean closed;
    private final String incarnation;
    private final Channel channel;
    private long stepSeq;
    private SessionRequest lastStep;
    private EnvException sendFailed;
    private long retries;
    private long lastSentNanos;
    private volatile StepTiming lastTiming;

    /**
     * Opens a session as the address says, over the Session stream.
     *
     * @throws EnvException INVALID_ARGUMENT for {@code pacing=env}, which is a single env's (a
     *     vector is stepped by its caller, or driven with {@link #control})
     */
    public static RemoteVectorEnv open(EnvAddress address) {
        if ("env".equals(address.connection().get("pacing"))) {
            throw EnvException.invalidArgument(
                    "pacing=env makes a single env env-paced (Envs.make, num_envs=1); a vector env"
                            + " is stepped by its caller: drop pacing=env, or drive it with"
                            + " RemoteVectorEnv.control");
        }
        return open(address, Transport.STREAM, DEFAULT_TIMEOUT);
    }

    /**
     * Opens a session as the address says: over TLS for {@code grpcs://}, with the credentials of
     * the files its parameters or the environment name (see {@link ChannelSecurity}).
     *
     * @param transport unary RPCs or the Session stream
     * @param timeout the deadline of each request
     * @throws EnvException with the server's code if the session cannot be made (UNAVAILABLE if the
     *     server cannot be reached)
     */
    public static RemoteVectorEnv open(EnvAddress address, Transport transport, Duration timeout) {
        ChannelSecurity security = ChannelSecurity.of(address);
        ManagedChannel channel = SharedChannels.acquire(address.authority(), security);
        String key = SharedChannels.key(address.authority(), security);
        return open(
                channel, () -> SharedChannels.release(key, channel), address, transport, timeout);
    }

    /**
     * Opens a session on a channel the caller owns (an in-process channel in tests, or one with TLS
     * or other settings): the env never closes it. The address's host and port are ignored.
     */
    public static RemoteVectorEnv open(
            Channel channel, EnvAddress address, Transport transport, Duration timeout) {
        return open(channel, () -> {}, address, transport, timeout);
    }

    private static RemoteVectorEnv open(
            Channel channel,
            Runnable releaseChannel,
            EnvAddress address,
            Transport transport,
            Duration timeout) {
        Calls calls = new Calls(channel, transport, timeout);
        try {
            MakeRequest.Builder make =
                    MakeRequest.newBuilder()
                            .setEnvId(address.envId())
                            .setNumEnvs(address.numEnvs())
                            .setRenderMode(address.renderMode() == null ? "" : address.renderMode())
                            .setAutoresetMode(WireEnums.toProto(address.autoresetMode()))
                            .putAllKwargs(ProtoCodec.toValueMap(address.kwargs()).getEntriesMap());
            address.maxEpisodeSteps().ifPresent(make::setMaxEpisodeSteps);
            watchdogOf(address).ifPresent(make::setWatchdog);
            MakeResponse r =
                    calls.call(SessionRequest.newBuilder().setMake(make).build()).getMake();
            try {
                return new RemoteVectorEnv(channel, releaseChannel, calls, r);
            } catch (RuntimeException e) {
                calls.call(
                        SessionRequest.newBuilder()
                                .setClose(CloseRequest.newBuilder().setSessionId(r.getSessionId()))
                                .build());
                throw malformed("Make", e);
            }
        } catch (RuntimeException e) {
            calls.close();
            releaseChannel.run();
            if (e instanceof EnvException ee && ee.code() == EnvException.Code.UNAVAILABLE) {
                throw new EnvException(
                        ee.code(),
                        "cannot reach gymbridge server at "
                                + channel.authority()
                                + " ("
                                + ee.description()
                                + ")",
                        ee);
            }
            throw e;
        }
    }

    /**
     * The watchdog the address's {@code watchdog_*} parameters ask for, if {@code watchdog_ms} is
     * given.
     *
     * @throws EnvException INVALID_ARGUMENT for a parameter that is not a number or action name, or
     *     one without {@code watchdog_ms}
     */
    static Optional<Watchdog> watchdogOf(EnvAddress address) {
        Map<String, String> p = address.connection();
        String ms = p.get("watchdog_ms");
        if (ms == null) {
            if (p.containsKey("watchdog_hold") || p.containsKey("watchdog_action")) {
                throw EnvException.invalidArgument(
                        "watchdog_hold and watchdog_action need watchdog_ms, the command timeout");
            }
            return Optional.empty();
        }
        var w = Watchdog.newBuilder();
        try {
            w.setCommandTimeoutMs(Long.parseLong(ms));
            w.setHoldPeriods(Integer.parseInt(p.getOrDefault("watchdog_hold", "0")));
        } catch (NumberFormatException e) {
            throw EnvException.invalidArgument(
                    "watchdog_ms and watchdog_hold must be integers, got "
                            + ms
                            + " and "
                            + p.getOrDefault("watchdog_hold", "0"));
        }
        String action = p.getOrDefault("watchdog_action", "safe_action");
        switch (action) {
            case "safe_action" -> w.setAction(WatchdogAction.WATCHDOG_ACTION_SAFE_ACTION);
            case "controlled_stop" -> w.setAction(WatchdogAction.WATCHDOG_ACTION_CONTROLLED_STOP);
            default ->
                    throw EnvException.invalidArgument(
                            "watchdog_action must be safe_action or controlled_stop, got "
                                    + EnvException.echo(action));
        }
        return Optional.of(w.build());
    }

    @SuppressWarnings("unchecked")
    private RemoteVectorEnv(Channel channel, Runnable releaseChannel, Calls calls, MakeResponse r) {
        this.channel = channel;
        this.authority = channel.authority();
        this.releaseChannel = releaseChannel;
        this.calls = calls;
        this.sessionId = r.getSessionId();
        this.numEnvs = r.getNumEnvs();
        this.mode = WireEnums.autoresetModeOf(r.getAutoresetModeValue());
        this.singleObservationSpace = ProtoCodec.fromProto(r.getSingleObservationSpace());
        this.singleActionSpace = ProtoCodec.fromProto(r.getSingleActionSpace());
        this.observationSpace = (Space<Object>) ProtoCodec.fromProto(r.getObservationSpace());
        this.actionSpace = (Space<Object>) ProtoCodec.fromProto(r.getActionSpace());
        this.spec = ProtoCodec.fromProto(r.getSpec());
        this.metadata = ProtoCodec.fromValueMap(r.getMetadata());
        this.incarnation = r.getIncarnation();
    }

    /**
     * One GetServerInfo round trip over this env's transport: the cheapest request there is, to
     * measure the transport itself beside {@link #step}.
     */
    public void ping() {
        ensureOpen();
        calls.call(
                SessionRequest.newBuilder()
                        .setGetServerInfo(
                                io.gymbridge.proto.v1.GetServerInfoRequest.getDefaultInstance())
                        .build());
    }

    /** The server's id of this session. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public int numEnvs() {
        return numEnvs;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public Space<?> singleObservationSpace() {
        return singleObservationSpace;
    }

    @Override
    public Space<?> singleActionSpace() {
        return singleActionSpace;
    }

    @Override
    public Space<Object> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Object> actionSpace() {
        return actionSpace;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public VectorReset<Object> reset(Long seed, Map<String, Object> options, boolean[] mask) {
        ensureOpen();
        ensureNoStepWaiting();
        ResetRequest.Builder b = ResetRequest.newBuilder().setSessionId(sessionId);
        if (seed != null) {
            b.setSeed(seed);
        }
        if (options != null && !options.isEmpty()) {
            b.setOptions(ProtoCodec.toValueMap(options));
        }
        if (mask != null) {
            for (boolean m : mask) {
                b.addResetMask(m);
            }
        }
        lastSentNanos = System.nanoTime();
        ResetResponse r = calls.call(SessionRequest.newBuilder().setReset(b).build()).getReset();
        lastTiming = timing(r.getTiming());
        try {
            return new VectorReset<>(
                    ProtoCodec.fromSpaceValue(observationSpace, r.getObservations()),
                    ProtoCodec.fromInfos(r.getInfosList(), numEnvs));
        } catch (RuntimeException e) {
            throw malformed("Reset", e);
        }
    }

    @Override
    public VectorStep<Object> step(Object actions) {
        ensureOpen();
        checkActions(actions);
        return stepChecked(actions);
    }

    /**
     * Sends the step and returns; {@link #stepWait()} reads the answer. The request is on its way
     * (on the Session stream, in order) while the caller works.
     */
    @Override
    public void stepAsync(Object actions) {
        ensureOpen();
        ensureNoStepWaiting();
        checkActions(actions);
        lastStep = stepRequest(actions);
        lastSentNanos = System.nanoTime();
        try {
            calls.send(lastStep);
        } catch (EnvException e) {
            if (!retryable(e)) {
                throw refused(lastStep, e);
            }
            sendFailed = e; // the connection is gone: stepWait sends it again
        }
    }

    @Override
    public VectorStep<Object> stepWait() {
        ensureOpen();
        if (sendFailed != null) {
            EnvException e = sendFailed;
            sendFailed = null;
            return stepResult(again(lastStep, e));
        }
        if (!calls.pending()) {
            throw EnvException.failedPrecondition("stepWait() without a step started by stepAsync");
        }
        StepResponse r;
        try {
            r = calls.receive().getStep();
        } catch (EnvException e) {
            if (!retryable(e)) {
                throw refused(lastStep, e);
            }
            r = again(lastStep, e);
        }
        return stepResult(r);
    }

    /**
     * Whether a step that failed with {@code e} may be sent again: the connection was lost
     * (UNAVAILABLE) and the server numbers steps (it has an incarnation), so a step it applied is
     * answered again from its cache, never applied twice.
     */
    private boolean retryable(EnvException e) {
        return lostConnection(e) && !incarnation.isEmpty();
    }

    /**
     * Whether {@code e} says the connection was lost: UNAVAILABLE, or a failure caused by the
     * transport's I/O (gRPC reports a write on a connection closed under it as UNKNOWN "channel
     * closed").
     */
    /**
     * The error of a step the server refused ({@code e}, explained): the server keeps no failed
     * step, so its number is the next one's again.
     */
    private EnvException refused(SessionRequest req, EnvException e) {
        if (req.getStep().getSeq() != 0) {
            stepSeq = req.getStep().getSeq() - 1;
        }
        return explained(e);
    }

    /**
     * {@code e}, a step's NOT_FOUND, or the reason behind it when the server restarted since the
     * session was made (its incarnation changed: the session went with the old run).
     */
    private EnvException explained(EnvException e) {
        if (e.code() != EnvException.Code.NOT_FOUND || incarnation.isEmpty()) {
            return e;
        }
        String now;
        try {
            now = serverIncarnation();
        } catch (EnvException other) {
            return e;
        }
        return now.equals(incarnation) ? e : restarted(now);
    }

    /** The incarnation the server reports now (one GetServerInfo round trip). */
    private String serverIncarnation() {
        return calls.call(
                        SessionRequest.newBuilder()
                                .setGetServerInfo(GetServerInfoRequest.getDefaultInstance())
                                .build())
                .getServerInfo()
                .getIncarnation();
    }

    private EnvException restarted(String now) {
        return new EnvException(
                EnvException.Code.NOT_FOUND,
                "the server at "
                        + authority
                        + " restarted since "
                        + this
                        + " was made (run "
                        + incarnation
                        + ", now "
                        + now
                        + "): its session and envs are gone; open the env again");
    }

    private static boolean lostConnection(EnvException e) {
        if (e.code() == EnvException.Code.UNAVAILABLE) {
            // a server that says it is shutting down will not answer a resend: say so now
            return !e.description().contains("shutting down");
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends the numbered step {@code req} again after {@code first}, a lost connection, until it is
     * answered or the deadline passes, each time first checking that the server is the same run
     * (its incarnation): a restarted server lost the session, which is NOT_FOUND, never a new one.
     */
    private StepResponse again(SessionRequest req, EnvException first) {
        long deadline = System.nanoTime() + calls.timeout().toNanos();
        EnvException last = first;
        long backoffMillis = 2;
        while (System.nanoTime() - deadline < 0) {
            retries++;
            if (channel instanceof ManagedChannel managed) {
                managed.resetConnectBackoff(); // reconnect now, not after gRPC's backoff
            }
            try {
                String now = serverIncarnation();
                if (!now.equals(incarnation)) {
                    throw restarted(now);
                }
                return calls.call(req).getStep();
            } catch (EnvException e) {
                if (!lostConnection(e)) {
                    throw refused(req, e);
                }
                last = e;
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvException(
                        EnvException.Code.CANCELLED, "interrupted while reconnecting", e);
            }
            backoffMillis = Math.min(200, backoffMillis * 2);
        }
        throw new EnvException(
                EnvException.Code.UNAVAILABLE,
                "lost the connection to "
                        + authority
                        + " during a step of "
                        + this
                        + " and could not send it again within "
                        + calls.timeout().toMillis()
                        + " ms: "
                        + last.description(),
                last);
    }

    /**
     * How many times a step was sent again after a lost connection (each answered once: numbered
     * steps are never applied twice).
     */
    public long retries() {
        return retries;
    }

    private void checkActions(Object actions) {
        actionSpace
                .actionMismatch(actions)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument(
                                    "invalid actions for "
                                            + numEnvs
                                            + " x "
                                            + spec.id()
                                            + ": "
                                            + why);
                        });
    }

    /** The next step's request, numbered if the server numbers steps. */
    private SessionRequest stepRequest(Object actions) {
        StepRequest.Builder b =
                StepRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setActions(ProtoCodec.toValue(actions));
        if (!incarnation.isEmpty()) {
            b.setSeq(++stepSeq);
        }
        StepRequest req = b.build();
        return SessionRequest.newBuilder().setStep(req).build();
    }

    /**
     * Steps with actions already known to be in the action space: RemoteEnv checks its single
     * action and batches it, so checking the batch again would be the same work twice per step.
     */
    VectorStep<Object> stepChecked(Object actions) {
        ensureOpen();
        ensureNoStepWaiting();
        SessionRequest req = stepRequest(actions);
        lastSentNanos = System.nanoTime();
        StepResponse r;
        try {
            r = calls.call(req).getStep();
        } catch (EnvException e) {
            if (!retryable(e)) {
                throw refused(req, e);
            }
            r = again(req, e);
        }
        return stepResult(r);
    }

    /**
     * When the last step or reset of this env happened, by the server's and this client's clocks
     * (docs/protocol.md, "Timing"); null before the first.
     */
    public StepTiming lastTiming() {
        return lastTiming;
    }

    private StepTiming timing(io.gymbridge.proto.v1.Timing t) {
        return new StepTiming(
                lastSentNanos,
                System.nanoTime(),
                t.getReceivedMonotonicNs(),
                t.getAppliedMonotonicNs(),
                t.getObservedMonotonicNs(),
                t.getSentMonotonicNs(),
                t.getObservedUnixNs());
    }

    private VectorStep<Object> stepResult(StepResponse r) {
        lastTiming = timing(r.getTiming());
        return decodeStep(r, observationSpace, numEnvs);
    }

    /** A StepResponse of {@code numEnvs} envs as a VectorStep. */
    static VectorStep<Object> decodeStep(
            StepResponse r, Space<Object> observationSpace, int numEnvs) {
        if (r.getRewardsCount() != numEnvs
                || r.getTerminatedCount() != numEnvs
                || r.getTruncatedCount() != numEnvs) {
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    "the server answered a step of "
                            + numEnvs
                            + " envs with "
                            + r.getRewardsCount()
                            + " rewards");
        }
        double[] rewards = new double[numEnvs];
        boolean[] terminated = new boolean[numEnvs];
        boolean[] truncated = new boolean[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            rewards[i] = r.getRewards(i);
            terminated[i] = r.getTerminated(i);
            truncated[i] = r.getTruncated(i);
        }
        try {
            return new VectorStep<>(
                    ProtoCodec.fromSpaceValue(observationSpace, r.getObservations()),
                    rewards,
                    terminated,
                    truncated,
                    ProtoCodec.fromInfos(r.getInfosList(), numEnvs));
        } catch (RuntimeException e) {
            throw malformed("Step", e);
        }
    }

    /**
     * Clears the session's fault (a fired watchdog, an emergency stop) without resetting its envs:
     * docs/protocol.md, "Watchdog".
     *
     * @return the fault cleared, or an empty string if there was none
     */
    public String clearFault() {
        ensureOpen();
        ensureNoStepWaiting();
        return calls.call(
                        SessionRequest.newBuilder()
                                .setClearFault(
                                        ClearFaultRequest.newBuilder().setSessionId(sessionId))
                                .build())
                .getClearFault()
                .getFault();
    }

    /**
     * Starts env-paced control of this session (docs/protocol.md, "Env-paced control"): the server
     * ticks at {@code period} (or the env's own control period, if null), applying the latest
     * actions sent on the returned stream, and streams each tick. Reset the env first; while the
     * stream is open, {@link #step} is FAILED_PRECONDITION. The stream's deadline is {@code
     * maxDuration}.
     */
    public ControlStream control(Duration period, Duration maxDuration) {
        ensureOpen();
        ensureNoStepWaiting();
        return ControlStream.open(
                channel, sessionId, observationSpace, actionSpace, numEnvs, period, maxDuration);
    }

    @Override
    public Tensor render(int index) {
        ensureOpen();
        ensureNoStepWaiting();
        RenderRequest req =
                RenderRequest.newBuilder().setSessionId(sessionId).setEnvIndex(index).build();
        var frame =
                calls.call(SessionRequest.newBuilder().setRender(req).build())
                        .getRender()
                        .getFrame();
        try {
            return ProtoCodec.fromProto(frame);
        } catch (RuntimeException e) {
            throw malformed("Render", e);
        }
    }

    /** Closes the session on the server and releases the channel. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (calls.pending()) {
                calls.receive(); // a step still in flight: its answer comes before the close
            }
            calls.call(
                    SessionRequest.newBuilder()
                            .setClose(CloseRequest.newBuilder().setSessionId(sessionId))
                            .build());
        } catch (EnvException e) {
            // The server is gone or the session expired: either way nothing is left to close.
        } finally {
            calls.close();
            releaseChannel.run();
        }
    }

    /** A response the client cannot decode: the server broke the protocol. */
    private static EnvException malformed(String what, RuntimeException e) {
        return new EnvException(
                EnvException.Code.INTERNAL,
                "malformed " + what + " response from the server: " + e.getMessage(),
                e);
    }

    /**
     * FAILED_PRECONDITION while a step sent by stepAsync waits for stepWait (even one to resend).
     */
    private void ensureNoStepWaiting() {
        if (calls.pending() || sendFailed != null) {
            throw EnvException.failedPrecondition(
                    "a step of " + this + " is still waiting for stepWait()");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw EnvException.failedPrecondition("the remote env " + spec.id() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RemoteVectorEnv<" + spec.id() + " x " + numEnvs + " @ " + authority + ">";
    }
}
