package io.gymbridge.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One Session stream, read by a waiting caller that spins briefly before it parks.
 *
 * <p>Why not grpc-java's blocking stub: its caller always parks, so every response costs a thread
 * wake-up, and on virtual machines that halt idle vCPUs a wake-up costs 30-150 µs, more than the
 * round trip itself (docs/benchmarks.md, issue 13). Here the transport's event loop hands the
 * response over in a queue; a caller that has been waiting less than {@link #SPIN_NANOS} finds it
 * there without having slept, and only a longer wait parks (the event loop then unparks it). The
 * spin costs the caller's own core while it would be idle anyway, waiting for the env.
 *
 * <p>It spins only while responses have recently come within the spin time (a moving average of the
 * last waits): while they take longer (the first thousand calls of a run, while the JIT compiles
 * the transport; a slow env; a long link) a spin would only take a core from the threads that do
 * the work, which measured slower (PPO over loopback, 5 epochs: 5.7 s spinning always against 4.9 s
 * never).
 */
final class SessionStream {
    /** How long a reader spins before it parks: about a fast loopback round trip. */
    static final long SPIN_NANOS = spinFromProperty();

    private final ClientCall<SessionRequest, SessionResponse> call;
    private final ConcurrentLinkedQueue<SessionResponse> responses = new ConcurrentLinkedQueue<>();
    private volatile Status closed;
    private volatile Thread waiter;
    private long typicalWaitNanos = Long.MAX_VALUE / 2;

    private SessionStream(Channel channel, long deadlineNanos) {
        CallOptions options =
                CallOptions.DEFAULT
                        .withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)
                        // callbacks on the transport's thread: it only queues and unparks
                        .withExecutor(Runnable::run);
        this.call = channel.newCall(EnvServiceGrpc.getSessionMethod(), options);
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(SessionResponse message) {
                        responses.add(message);
                        wake();
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed = status;
                        wake();
                    }
                },
                new Metadata());
        call.request(1);
    }

    /** Opens a Session stream on {@code channel} that ends after {@code deadlineNanos}. */
    static SessionStream open(Channel channel, long deadlineNanos) {
        return new SessionStream(channel, deadlineNanos);
    }

    private static long spinFromProperty() {
        long micros = Long.getLong("gymbridge.client.spinMicros", 100);
        return Runtime.getRuntime().availableProcessors() < 2 ? 0 : Math.max(0, micros) * 1000;
    }

    private void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Sends {@code request}; false if the stream has ended. */
    boolean write(SessionRequest request) {
        if (closed != null) {
            return false;
        }
        try {
            call.sendMessage(request);
            return true;
        } catch (IllegalStateException e) {
            return false; // ended meanwhile
        }
    }

    /**
     * The next response, waiting up to {@code timeout}; null if the stream ended normally.
     *
     * @throws StatusException if the stream failed
     * @throws TimeoutException if no response came in time
     * @throws InterruptedException if the caller was interrupted
     */
    SessionResponse read(long timeout, TimeUnit unit)
            throws StatusException, TimeoutException, InterruptedException {
        long start = System.nanoTime();
        long spinUntil = start + (typicalWaitNanos < SPIN_NANOS ? SPIN_NANOS : 0);
        SessionResponse r;
        while ((r = responses.poll()) == null && closed == null) {
            if (System.nanoTime() - spinUntil >= 0) {
                r = park(start + unit.toNanos(timeout));
                break;
            }
            Thread.onSpinWait();
        }
        if (r == null) {
            r = responses.poll();
        }
        if (r != null) {
            long waited = System.nanoTime() - start;
            typicalWaitNanos =
                    typicalWaitNanos == Long.MAX_VALUE / 2
                            ? waited
                            : (7 * typicalWaitNanos + waited) / 8;
            call.request(1);
            return r;
        }
        Status status = closed;
        if (status == null || status.isOk()) {
            return null;
        }
        throw status.asException();
    }

    private SessionResponse park(long deadline) throws TimeoutException, InterruptedException {
        waiter = Thread.currentThread();
        try {
            SessionResponse r;
            while ((r = responses.poll()) == null && closed == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return r;
        } finally {
            waiter = null;
        }
    }

    /** Ends the stream with CANCELLED. */
    void cancel(String why) {
        call.cancel(why, null);
    }

    /** Says that no more requests follow; the server then ends the stream. */
    void halfClose() {
        try {
            call.halfClose();
        } catch (IllegalStateException e) {
            // already ended
        }
    }
}
