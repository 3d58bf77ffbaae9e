package io.gymbridge.grpc;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.proto.v1.ControlAction;
import io.gymbridge.proto.v1.ControlRequest;
import io.gymbridge.proto.v1.ControlResponse;
import io.gymbridge.proto.v1.ControlStart;
import io.gymbridge.proto.v1.ControlTick;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.wire.ProtoCodec;
import io.gymbridge.wire.WireEnums;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Env-paced control of one remote session (docs/protocol.md, "Env-paced control"): the server ticks
 * at the control period and applies the latest actions {@link #send sent} here; {@link #next}
 * returns its ticks in order. Made by {@link RemoteVectorEnv#control}.
 *
 * <p>Ticks wait in a queue of at most {@value #MAX_QUEUED} for {@link #next}; a reader slower than
 * the control rate loses the oldest ones ({@link #dropped()} counts them), since a controller wants
 * the newest observation. {@link #close} half-closes the stream: the server stops ticking (and a
 * robot env gets its safe action).
 */
public final class ControlStream implements AutoCloseable {
    static final int MAX_QUEUED = 256;

    /**
     * One tick of the server.
     *
     * @param tick its number, from 1
     * @param step the envs' step at this tick
     * @param seq the seq of the actions applied (0 for none, or the safe action)
     * @param held the actions came before the previous tick (held since)
     * @param lateNanos how late the tick began against its schedule
     * @param missedDeadlines ticks of this stream so far that missed their deadline
     * @param fault the session's fault, or empty: the actions were the watchdog's hold or the safe
     *     action
     * @param observedUnixNanos when the observation was taken, by the server's wall clock
     * @param receivedNanos when this client took the tick ({@link System#nanoTime()})
     */
    public record Tick(
            long tick,
            VectorStep<Object> step,
            long seq,
            boolean held,
            long lateNanos,
            long missedDeadlines,
            String fault,
            long observedUnixNanos,
            long receivedNanos) {}

    private static final Object END = new Object();

    private final Space<Object> observationSpace;
    private final Space<Object> actionSpace;
    private final int numEnvs;
    private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
    private ClientCallStreamObserver<ControlRequest> requests;
    private volatile long dropped;
    private volatile EnvException ended;
    private boolean closed;

    private ControlStream(Space<Object> observationSpace, Space<Object> actionSpace, int numEnvs) {
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.numEnvs = numEnvs;
    }

    static ControlStream open(
            Channel channel,
            String sessionId,
            Space<Object> observationSpace,
            Space<Object> actionSpace,
            int numEnvs,
            Duration period,
            Duration maxDuration) {
        ControlStream c = new ControlStream(observationSpace, actionSpace, numEnvs);
        EnvServiceGrpc.newStub(channel)
                .withDeadlineAfter(maxDuration.toNanos(), TimeUnit.NANOSECONDS)
                .control(c.new Responses());
        ControlStart.Builder start = ControlStart.newBuilder().setSessionId(sessionId);
        if (period != null) {
            start.setPeriodUs(period.toNanos() / 1000);
        }
        c.write(ControlRequest.newBuilder().setStart(start).build());
        return c;
    }

    /**
     * Sends new actions, applied from the server's next tick on, numbered {@code seq} (echoed by
     * the ticks that apply them).
     *
     * @throws EnvException INVALID_ARGUMENT for actions outside the action space, or the stream's
     *     failure if it ended
     */
    public void send(Object actions, long seq) {
        actionSpace
                .actionMismatch(actions)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument("invalid actions: " + why);
                        });
        write(
                ControlRequest.newBuilder()
                        .setAction(
                                ControlAction.newBuilder()
                                        .setActions(ProtoCodec.toValue(actions))
                                        .setSeq(seq))
                        .build());
    }

    private synchronized void write(ControlRequest request) {
        if (ended != null) {
            throw ended;
        }
        if (closed) {
            throw EnvException.failedPrecondition("this control stream is closed");
        }
        requests.onNext(request);
    }

    /**
     * The next tick, waiting up to {@code timeout} for it.
     *
     * @throws EnvException DEADLINE_EXCEEDED if none came in time; a request's error (bad actions);
     *     or the stream's failure once it ended (the server's status), or FAILED_PRECONDITION if it
     *     ended normally
     */
    public Tick next(Duration timeout) {
        Object o;
        try {
            o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvException(
                    EnvException.Code.CANCELLED, "interrupted waiting for a tick", e);
        }
        if (o == null) {
            throw new EnvException(
                    EnvException.Code.DEADLINE_EXCEEDED,
                    "no tick within " + timeout.toMillis() + " ms");
        }
        if (o == END) {
            queue.addFirst(END); // every later call hears the end too
            EnvException e = ended;
            throw e != null ? e : EnvException.failedPrecondition("the control stream has ended");
        }
        if (o instanceof EnvException e) {
            throw e;
        }
        return (Tick) o;
    }

    /** Ticks lost because the queue was full. */
    public long dropped() {
        return dropped;
    }

    /**
     * Half-closes the stream and waits (up to 5 s) for the server to complete it: then the
     * session's ticking has ended and it takes Steps, or a new Control stream, again.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || ended != null) {
                closed = true;
                return;
            }
            closed = true;
            requests.onCompleted();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (System.nanoTime() < end) {
                Object o = queue.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (o == END) {
                    queue.addFirst(END);
                    return;
                }
            }
            requests.cancel("the server did not end the control stream within 5 s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted while closing", null);
        }
    }

    /** Cancels the stream at once, as a lost connection would (the watchdog's silence). */
    public synchronized void cancel() {
        closed = true;
        requests.cancel("cancelled by the client", null);
    }

    private Tick decode(ControlTick t) {
        var step = t.getStep();
        return new Tick(
                t.getTick(),
                RemoteVectorEnv.decodeStep(step, observationSpace, numEnvs),
                step.getSeq(),
                t.getHeld(),
                t.getLateNs(),
                t.getMissedDeadlines(),
                t.getFault(),
                step.getTiming().getObservedUnixNs(),
                System.nanoTime());
    }

    private void offer(Object o) {
        while (queue.size() >= MAX_QUEUED) {
            if (queue.pollFirst() != null) {
                dropped++;
            }
        }
        queue.addLast(o);
    }

    private final class Responses
            implements ClientResponseObserver<ControlRequest, ControlResponse> {
        @Override
        public void beforeStart(ClientCallStreamObserver<ControlRequest> stream) {
            requests = stream;
        }

        @Override
        public void onNext(ControlResponse r) {
            if (r.hasError()) {
                offer(
                        new EnvException(
                                WireEnums.codeOf(r.getError().getCode()),
                                r.getError().getMessage()));
                return;
            }
            try {
                offer(decode(r.getTick()));
            } catch (RuntimeException e) {
                offer(
                        new EnvException(
                                EnvException.Code.INTERNAL,
                                "malformed tick from the server: " + e.getMessage(),
                                e));
            }
        }

        @Override
        public void onError(Throwable t) {
            ended = Calls.fromStatus(Status.fromThrowable(t));
            queue.addLast(END);
        }

        @Override
        public void onCompleted() {
            queue.addLast(END);
        }
    }
}
