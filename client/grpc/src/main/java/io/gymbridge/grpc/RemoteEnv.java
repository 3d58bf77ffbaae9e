package io.gymbridge.grpc;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Spaces;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorReset;
import io.gymbridge.env.vector.VectorStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A single env on a gymbridge server, as an {@link Env}: a session of one env without autoreset, so
 * that stepping an ended episode is FAILED_PRECONDITION, as with a local env made by {@link
 * io.gymbridge.env.Envs#make}.
 */
public final class RemoteEnv implements Env<Object, Object> {
    private final RemoteVectorEnv session;

    private RemoteEnv(RemoteVectorEnv session) {
        this.session = session;
    }

    /** Opens the env at {@code address} over the Session stream. */
    public static RemoteEnv open(EnvAddress address) {
        return open(address, Transport.STREAM, RemoteVectorEnv.DEFAULT_TIMEOUT);
    }

    /**
     * Opens the env at {@code address}.
     *
     * @throws EnvException INVALID_ARGUMENT if the address asks for more than one env, or the
     *     server's error if the session cannot be made
     */
    public static RemoteEnv open(EnvAddress address, Transport transport, Duration timeout) {
        return new RemoteEnv(RemoteVectorEnv.open(single(address), transport, timeout));
    }

    /** The address of a one-env session without autoreset. */
    private static EnvAddress single(EnvAddress address) {
        if (address.numEnvs() != 1) {
            throw EnvException.invalidArgument(
                    "a RemoteEnv is one env; use RemoteVectorEnv for num_envs="
                            + address.numEnvs());
        }
        return address.withAutoresetMode(AutoresetMode.DISABLED);
    }

    /**
     * Opens the env on a channel the caller owns and closes (see {@link
     * RemoteVectorEnv#open(io.grpc.Channel, EnvAddress, Transport, Duration)}).
     */
    public static RemoteEnv open(
            io.grpc.Channel channel, EnvAddress address, Transport transport, Duration timeout) {
        return new RemoteEnv(RemoteVectorEnv.open(channel, single(address), transport, timeout));
    }

    @SuppressWarnings("unchecked")
    @Override
    public Space<Object> observationSpace() {
        return (Space<Object>) session.singleObservationSpace();
    }

    @SuppressWarnings("unchecked")
    @Override
    public Space<Object> actionSpace() {
        return (Space<Object>) session.singleActionSpace();
    }

    @Override
    public EnvSpec spec() {
        return session.spec();
    }

    @Override
    public Map<String, Object> metadata() {
        return session.metadata();
    }

    @Override
    public Reset<Object> reset(Long seed, Map<String, Object> options) {
        VectorReset<Object> r = session.reset(seed, options, null);
        return new Reset<>(single(r.observations()), r.infos().get(0));
    }

    @Override
    public Step<Object> step(Object action) {
        actionSpace()
                .actionMismatch(action)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument(
                                    "invalid action for " + spec().id() + ": " + why);
                        });
        VectorStep<Object> s =
                session.stepChecked(Spaces.concatenate(actionSpace(), List.of(action)));
        return new Step<>(
                single(s.observations()),
                s.rewards()[0],
                s.terminated()[0],
                s.truncated()[0],
                s.infos().get(0));
    }

    @Override
    public Tensor render() {
        return session.render(0);
    }

    @Override
    public void close() {
        session.close();
    }

    private Object single(Object batched) {
        return Spaces.unbatch(observationSpace(), batched, 1).get(0);
    }

    @Override
    public String toString() {
        return "RemoteEnv<" + session + ">";
    }
}
