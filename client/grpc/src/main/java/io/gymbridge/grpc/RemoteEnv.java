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
import io.gymbridge.env.vector.SyncVectorEnv;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorReset;
import io.gymbridge.env.vector.VectorStep;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single env on a gymbridge server, as an {@link Env}: a session of one env without autoreset, so
 * that stepping an ended episode is FAILED_PRECONDITION, as with a local env made by {@link
 * io.gymbridge.env.Envs#make}.
 */
public final class RemoteEnv implements Env<Object, Object> {
    /** How long an env-paced step waits for the tick that applies its action. */
    private static final Duration TICK_WAIT = Duration.ofSeconds(10);

    /** Env-paced sessions' Control streams end by themselves well before this. */
    private static final Duration CONTROL_MAX = Duration.ofDays(7);

    private final RemoteVectorEnv session;

    /** Env-paced: the control period asked for (null: the env's own); agent-paced: unused. */
    private final Duration period;

    private final boolean envPaced;
    private ControlStream control;
    private long seq;

    private RemoteEnv(RemoteVectorEnv session, boolean envPaced, Duration period) {
        this.session = session;
        this.envPaced = envPaced;
        this.period = period;
    }

    private static RemoteEnv of(RemoteVectorEnv session, EnvAddress address) {
        String pacing = address.connection().getOrDefault("pacing", "agent");
        String periodMs = address.connection().get("control_period_ms");
        if (!pacing.equals("agent") && !pacing.equals("env")) {
            session.close();
            throw EnvException.invalidArgument(
                    "pacing must be agent or env, got " + EnvException.echo(pacing));
        }
        Duration period = null;
        if (periodMs != null && !pacing.equals("env")) {
            session.close();
            throw EnvException.invalidArgument("control_period_ms needs pacing=env");
        }
        if (periodMs != null) {
            try {
                period = Duration.ofNanos(Math.round(Double.parseDouble(periodMs) * 1e6));
            } catch (NumberFormatException e) {
                session.close();
                throw EnvException.invalidArgument(
                        "control_period_ms must be a number, got " + periodMs);
            }
        }
        return new RemoteEnv(session, pacing.equals("env"), period);
    }

    /**
     * Opens the vector env at {@code address}: a {@link RemoteVectorEnv}, or for {@code pacing=env}
     * (one env only) this env-paced single env in a {@link io.gymbridge.env.vector.SyncVectorEnv},
     * so that agents that step vectors train against a ticking robot unchanged.
     *
     * @throws EnvException INVALID_ARGUMENT for {@code pacing=env} with num_envs above 1
     */
    public static VectorEnv<?, ?> openVector(EnvAddress address) {
        if (!"env".equals(address.connection().get("pacing"))) {
            return RemoteVectorEnv.open(address);
        }
        if (address.numEnvs() != 1) {
            throw EnvException.invalidArgument(
                    "pacing=env is for one env (a robot ticks at its own pace), got num_envs="
                            + address.numEnvs());
        }
        return new SyncVectorEnv(List.of(open(address)), address.autoresetMode());
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
        return of(RemoteVectorEnv.open(single(address), transport, timeout), address);
    }

    /** The address of a one-env session without autoreset. */
    private static EnvAddress single(EnvAddress address) {
        if (address.numEnvs() != 1) {
            throw EnvException.invalidArgument(
                    "a RemoteEnv is one env; use RemoteVectorEnv for num_envs="
                            + address.numEnvs());
        }
        // env-paced: the server ticks on past an episode's end, so it must reset the env itself
        boolean envPaced = "env".equals(address.connection().get("pacing"));
        return address.withAutoresetMode(
                envPaced ? AutoresetMode.NEXT_STEP : AutoresetMode.DISABLED);
    }

    /**
     * Opens the env on a channel the caller owns and closes (see {@link
     * RemoteVectorEnv#open(io.grpc.Channel, EnvAddress, Transport, Duration)}).
     */
    public static RemoteEnv open(
            io.grpc.Channel channel, EnvAddress address, Transport transport, Duration timeout) {
        return of(RemoteVectorEnv.open(channel, single(address), transport, timeout), address);
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

    /**
     * Resets the env. Env-paced, the ticking stops first (a robot env gets its safe action), and
     * starts again from the reset state.
     */
    @Override
    public Reset<Object> reset(Long seed, Map<String, Object> options) {
        stopTicking();
        VectorReset<Object> r = session.reset(seed, options, null);
        if (envPaced) {
            control = session.control(period, CONTROL_MAX);
        }
        return new Reset<>(single(r.observations()), r.infos().get(0));
    }

    private void stopTicking() {
        if (control != null) {
            ControlStream c = control;
            control = null;
            c.close();
        }
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
        Object batch = Spaces.concatenate(actionSpace(), List.of(action));
        VectorStep<Object> s = envPaced ? pacedStep(batch) : session.stepChecked(batch);
        return new Step<>(
                single(s.observations()),
                s.rewards()[0],
                s.terminated()[0],
                s.truncated()[0],
                s.infos().get(0));
    }

    /**
     * Sends the action to the ticking server and returns the first tick that applied it: one
     * control period at most after it arrived. The server ticks on between the agent's actions
     * (holding the last one), so the step's reward is the sum over every tick since the last step
     * returned, its info carries {@code "ticks"} (how many), and an episode that ended on one of
     * those ticks ends this step, at that tick (the action never took effect).
     *
     * @throws EnvException FAILED_PRECONDITION if the session faulted (its watchdog fired, an
     *     emergency stop) or was never reset; the stream's failure if it ended
     */
    private VectorStep<Object> pacedStep(Object batch) {
        if (control == null) {
            throw EnvException.failedPrecondition("step before reset: call reset first");
        }
        long n = ++seq;
        control.send(batch, n);
        long end = System.nanoTime() + TICK_WAIT.toNanos();
        double reward = 0;
        int ticks = 0;
        while (true) {
            ControlStream.Tick t =
                    control.next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (!t.fault().isEmpty()) {
                throw EnvException.failedPrecondition(
                        "this session of "
                                + spec().id()
                                + " is stopped ("
                                + t.fault()
                                + "); reset it to go on");
            }
            VectorStep<Object> s = t.step();
            reward += s.rewards()[0];
            ticks++;
            if (t.seq() == n || s.terminated()[0] || s.truncated()[0]) {
                Map<String, Object> info = new LinkedHashMap<>(s.infos().get(0));
                info.put("ticks", (long) ticks);
                return new VectorStep<>(
                        s.observations(),
                        new double[] {reward},
                        s.terminated(),
                        s.truncated(),
                        List.of(info));
            }
        }
    }

    /** Whether the server paces this env (URL parameter pacing=env). */
    public boolean envPaced() {
        return envPaced;
    }

    @Override
    public Tensor render() {
        return session.render(0);
    }

    @Override
    public void close() {
        try {
            stopTicking();
        } finally {
            session.close();
        }
    }

    private Object single(Object batched) {
        return Spaces.unbatch(observationSpace(), batched, 1).get(0);
    }

    @Override
    public String toString() {
        return "RemoteEnv<" + session + ">";
    }
}
