package io.gymbridge.grpc;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.gymbridge.env.EnvException;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.SessionRequest;
import io.gymbridge.proto.v1.SessionResponse;
import io.gymbridge.wire.WireEnums;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request and waits for its response, over a unary RPC or the Session stream, always with
 * a deadline, and turns every failure into an {@link EnvException} with the server's code and
 * message.
 */
final class Calls implements AutoCloseable {
    private final Channel channel;
    private final Transport transport;
    private final Duration timeout;
    private final Duration streamMaxAge;
    private SessionStream stream;
    private long streamOpenedNanos;
    private boolean streamAnswered;
    private boolean pending;
    private boolean closed;
    private SessionResponse unaryResponse;
    private EnvException unaryFailure;

    Calls(Channel channel, Transport transport, Duration timeout) {
        this.channel = channel;
        this.transport = transport;
        this.timeout = timeout;
        // Streams are reopened before their deadline: requests name their session, so a new
        // stream simply carries on.
        this.streamMaxAge = Duration.ofMinutes(30);
    }

    Duration timeout() {
        return timeout;
    }

    /** A blocking stub whose calls each get the deadline. */
    EnvServiceGrpc.EnvServiceBlockingStub unary() {
        return EnvServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends {@code request} as the transport says and returns the response of its kind. */
    synchronized SessionResponse call(SessionRequest request) {
        send(request);
        return receive();
    }

    /**
     * Sends {@code request} without waiting for its response, which {@link #receive()} then
     * returns: the caller can work while the server answers. One request at a time: sending another
     * before receiving is FAILED_PRECONDITION. Over unary RPCs the call completes here.
     */
    synchronized void send(SessionRequest request) {
        if (pending) {
            throw EnvException.failedPrecondition(
                    "a request to " + channel.authority() + " is still waiting for its response");
        }
        if (transport == Transport.UNARY) {
            unaryResponse = null;
            unaryFailure = null;
            try {
                unaryResponse = callUnary(request);
            } catch (EnvException e) {
                unaryFailure = e;
            }
            pending = true;
            return;
        }
        SessionStream s = stream();
        boolean reused = streamAnswered;
        if (!send(s, request)) {
            if (!reused) {
                throw closedStream(s);
            }
            // The server ended a stream that had worked, while it sat idle (its connection
            // reached the server's maximum age, say). The request was not sent, so it is
            // safe to send it on a new stream.
            s = stream();
            if (!send(s, request)) {
                throw closedStream(s);
            }
        }
        pending = true;
    }

    /** Whether a request was sent and its response not yet received. */
    synchronized boolean pending() {
        return pending;
    }

    /**
     * The response to the request {@link #send} sent, waiting for it up to the deadline.
     *
     * @throws EnvException with the server's code if the request failed, FAILED_PRECONDITION if
     *     nothing was sent
     */
    synchronized SessionResponse receive() {
        if (!pending) {
            throw EnvException.failedPrecondition(
                    "no request to " + channel.authority() + " is waiting for its response");
        }
        pending = false;
        if (transport == Transport.UNARY) {
            if (unaryFailure != null) {
                throw unaryFailure;
            }
            return unaryResponse;
        }
        try {
            SessionStream s = stream;
            if (s == null) {
                throw new EnvException(
                        EnvException.Code.UNAVAILABLE,
                        "the stream to " + channel.authority() + " closed");
            }
            SessionResponse response = s.read(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response == null) {
                throw closedStream(s);
            }
            streamAnswered = true;
            if (response.hasError()) {
                throw new EnvException(
                        WireEnums.codeOf(response.getError().getCode()),
                        response.getError().getMessage());
            }
            return response;
        } catch (TimeoutException e) {
            dropStream("request timed out");
            throw timedOut();
        } catch (StatusException e) {
            dropStream("stream failed");
            throw fromStatus(e.getStatus());
        } catch (InterruptedException e) {
            dropStream("interrupted");
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    private EnvException timedOut() {
        return new EnvException(
                EnvException.Code.DEADLINE_EXCEEDED,
                "no response within " + timeout.toMillis() + " ms from " + channel.authority());
    }

    private EnvException interrupted() {
        return new EnvException(
                EnvException.Code.CANCELLED,
                "interrupted while waiting for " + channel.authority());
    }

    private SessionResponse callUnary(SessionRequest request) {
        try {
            var stub = unary();
            SessionResponse.Builder b = SessionResponse.newBuilder();
            switch (request.getRequestCase()) {
                case MAKE -> b.setMake(stub.make(request.getMake()));
                case RESET -> b.setReset(stub.reset(request.getReset()));
                case STEP -> b.setStep(stub.step(request.getStep()));
                case RENDER -> b.setRender(stub.render(request.getRender()));
                case CLOSE -> b.setClose(stub.close(request.getClose()));
                case GET_SERVER_INFO ->
                        b.setServerInfo(stub.getServerInfo(request.getGetServerInfo()));
                case CLEAR_FAULT -> b.setClearFault(stub.clearFault(request.getClearFault()));
                case REQUEST_NOT_SET -> throw EnvException.invalidArgument("empty request");
            }
            return b.build();
        } catch (StatusRuntimeException e) {
            throw fromStatus(e.getStatus());
        }
    }

    /**
     * Writes {@code request} on {@code s}; false, with the stream dropped, if {@code s} had ended
     * before it could be sent.
     */
    private boolean send(SessionStream s, SessionRequest request) {
        boolean sent = s.write(request);
        if (!sent) {
            stream = null;
        }
        return sent;
    }

    private SessionStream stream() {
        if (stream != null && System.nanoTime() - streamOpenedNanos > streamMaxAge.toNanos()) {
            // half-closed, not cancelled: a cancelled stream is silence for a session's watchdog
            stream.halfClose();
            stream = null;
        }
        if (stream == null) {
            stream = SessionStream.open(channel, streamMaxAge.plus(timeout).toNanos());
            streamOpenedNanos = System.nanoTime();
            streamAnswered = false;
        }
        return stream;
    }

    private EnvException closedStream(SessionStream s) {
        stream = null;
        try {
            s.read(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (StatusException e) {
            return fromStatus(e.getStatus());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // fall through
        }
        return new EnvException(
                EnvException.Code.UNAVAILABLE, "the stream to " + channel.authority() + " closed");
    }

    private void dropStream(String why) {
        if (stream != null) {
            stream.cancel(why);
            stream = null;
        }
    }

    static EnvException fromStatus(Status status) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
            description =
                    description
                            + (description.isEmpty() ? "" : ": ")
                            + status.getCause().getMessage();
        }
        return new EnvException(
                WireEnums.codeOf(status.getCode().value()), description, status.getCause());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = false;
        if (stream != null) {
            stream.halfClose();
            stream = null;
        }
    }
}
