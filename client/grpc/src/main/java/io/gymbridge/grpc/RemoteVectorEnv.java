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
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.RenderRequest;
import io.gymbridge.proto.v1.ResetRequest;
import io.gymbridge.proto.v1.ResetResponse;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.StepResponse;
import io.gymbridge.wire.ProtoCodec;
import io.gymbridge.wire.WireEnums;
import java.time.Duration;
import java.util.Map;

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

    /** Opens a session as the address says, over the Session stream. */
    public static RemoteVectorEnv open(EnvAddress address) {
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
            MakeResponse r =
                    calls.call(SessionRequest.newBuilder().setMake(make).build()).getMake();
            try {
                return new RemoteVectorEnv(channel.authority(), releaseChannel, calls, r);
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

    @SuppressWarnings("unchecked")
    private RemoteVectorEnv(
            String authority, Runnable releaseChannel, Calls calls, MakeResponse r) {
        this.authority = authority;
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
        ResetResponse r = calls.call(SessionRequest.newBuilder().setReset(b).build()).getReset();
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
        checkActions(actions);
        calls.send(stepRequest(actions));
    }

    @Override
    public VectorStep<Object> stepWait() {
        ensureOpen();
        if (!calls.pending()) {
            throw EnvException.failedPrecondition("stepWait() without a step started by stepAsync");
        }
        return stepResult(calls.receive().getStep());
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

    private SessionRequest stepRequest(Object actions) {
        StepRequest req =
                StepRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setActions(ProtoCodec.toValue(actions))
                        .build();
        return SessionRequest.newBuilder().setStep(req).build();
    }

    /**
     * Steps with actions already known to be in the action space: RemoteEnv checks its single
     * action and batches it, so checking the batch again would be the same work twice per step.
     */
    VectorStep<Object> stepChecked(Object actions) {
        ensureOpen();
        return stepResult(calls.call(stepRequest(actions)).getStep());
    }

    private VectorStep<Object> stepResult(StepResponse r) {
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

    @Override
    public Tensor render(int index) {
        ensureOpen();
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
