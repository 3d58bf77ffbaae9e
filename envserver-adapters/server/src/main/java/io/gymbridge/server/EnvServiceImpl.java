package io.gymbridge.server;

import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.gymbridge.proto.v1.ClearFaultRequest;
import io.gymbridge.proto.v1.ClearFaultResponse;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.CloseResponse;
import io.gymbridge.proto.v1.ControlRequest;
import io.gymbridge.proto.v1.ControlResponse;
import io.gymbridge.proto.v1.EmergencyStopRequest;
import io.gymbridge.proto.v1.EmergencyStopResponse;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.GetServerInfoRequest;
import io.gymbridge.proto.v1.ListEnvsRequest;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gRPC binding of {@link EnvRequests}: unary calls answer with the response or a status; the
 * Session stream answers every request in order and carries failures as error responses. Requests
 * whose bytes do not parse are among those failures ({@link Unparseable}).
 */
final class EnvServiceImpl implements EnvServiceGrpc.AsyncService, BindableService {
    /** Responses a stream may hold beyond what the transport accepts before it stops reading. */
    static final int MAX_UNREAD_RESPONSES = 16;

    /** Sessions a stream remembers for their watchdogs; one caller's are far fewer. */
    static final int MAX_REMEMBERED_SESSIONS = 1024;

    private final EnvRequests requests;
    private final Set<SessionStream> streams = ConcurrentHashMap.newKeySet();
    private final Set<ControlLoop> controls = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    EnvServiceImpl(EnvRequests requests) {
        this.requests = requests;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return Unparseable.bind(EnvServiceGrpc.bindService(this));
    }

    @Override
    public void getServerInfo(GetServerInfoRequest request, StreamObserver<ServerInfo> out) {
        unary(request, out, requests::serverInfo);
    }

    @Override
    public void listEnvs(ListEnvsRequest request, StreamObserver<ListEnvsResponse> out) {
        unary(request, out, requests::listEnvs);
    }

    @Override
    public void make(MakeRequest request, StreamObserver<MakeResponse> out) {
        unary(request, out, () -> requests.make(request));
    }

    @Override
    public void reset(ResetRequest request, StreamObserver<ResetResponse> out) {
        unary(request, out, () -> requests.reset(request));
    }

    @Override
    public void step(StepRequest request, StreamObserver<StepResponse> out) {
        unary(request, out, () -> requests.step(request));
    }

    @Override
    public void render(RenderRequest request, StreamObserver<RenderResponse> out) {
        unary(request, out, () -> requests.render(request));
    }

    @Override
    public void emergencyStop(
            EmergencyStopRequest request, StreamObserver<EmergencyStopResponse> out) {
        unary(request, out, () -> requests.emergencyStop(request));
    }

    @Override
    public void clearFault(ClearFaultRequest request, StreamObserver<ClearFaultResponse> out) {
        unary(request, out, () -> requests.clearFault(request));
    }

    @Override
    public StreamObserver<ControlRequest> control(StreamObserver<ControlResponse> out) {
        ControlLoop loop =
                new ControlLoop(
                        requests::controlled,
                        (ServerCallStreamObserver<ControlResponse>) out,
                        controls::remove);
        controls.add(loop);
        if (draining) {
            loop.shutdown();
        }
        return loop;
    }

    @Override
    public void close(CloseRequest request, StreamObserver<CloseResponse> out) {
        unary(request, out, () -> requests.close(request));
    }

    @Override
    public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> out) {
        SessionStream stream = new SessionStream((ServerCallStreamObserver<SessionResponse>) out);
        streams.add(stream);
        if (draining) {
            stream.finish();
        }
        return stream;
    }

    /**
     * Stops taking requests on open streams: each stream finishes the request it is answering, then
     * completes, so no answered request is lost.
     */
    void drain() {
        draining = true;
        for (SessionStream s : streams) {
            s.finish();
        }
        for (ControlLoop c : controls) {
            c.shutdown();
        }
    }

    private static <T> void unary(Message request, StreamObserver<T> out, Supplier<T> call) {
        T response;
        try {
            Unparseable.check(request);
            response = call.get();
        } catch (RuntimeException e) {
            out.onError(EnvRequests.status(EnvRequests.asEnvException(e)).asRuntimeException());
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    /**
     * One client's stream: requests are answered one at a time, in order. Flow control is manual:
     * the next request is read only once the client can take the last response, so a client that
     * sends without reading cannot make the server buffer without bound.
     */
    private final class SessionStream implements StreamObserver<SessionRequest> {
        private final ServerCallStreamObserver<SessionResponse> out;
        private boolean done;
        private boolean waitingForReady;
        private int unreadResponses;

        /** The sessions this stream served, for their watchdogs if it is lost (bounded). */
        private final Set<String> served = new LinkedHashSet<>();

        SessionStream(ServerCallStreamObserver<SessionResponse> out) {
            this.out = out;
            out.disableAutoRequest();
            out.setOnReadyHandler(this::onReady);
            out.setOnCancelHandler(this::lost);
            out.request(1);
        }

        @Override
        public synchronized void onNext(SessionRequest request) {
            if (done) {
                return;
            }
            SessionResponse response = requests.handle(request);
            remember(request, response);
            out.onNext(response);
            if (out.isReady()) {
                unreadResponses = 0;
                out.request(1);
            } else if (++unreadResponses < MAX_UNREAD_RESPONSES) {
                out.request(1); // a client may pipeline a few requests before reading
            } else {
                waitingForReady = true;
            }
        }

        private synchronized void onReady() {
            unreadResponses = 0;
            if (waitingForReady && !done) {
                waitingForReady = false;
                out.request(1);
            }
        }

        /** Keeps the id of a session this stream used successfully; forgets closed ones. */
        private void remember(SessionRequest request, SessionResponse response) {
            if (response.hasError()) {
                return;
            }
            switch (request.getRequestCase()) {
                case MAKE -> remember(response.getMake().getSessionId());
                case RESET -> remember(request.getReset().getSessionId());
                case STEP -> remember(request.getStep().getSessionId());
                case CLEAR_FAULT -> remember(request.getClearFault().getSessionId());
                case CLOSE -> served.remove(request.getClose().getSessionId());
                default -> {}
            }
        }

        private void remember(String sessionId) {
            if (served.size() < MAX_REMEMBERED_SESSIONS || served.contains(sessionId)) {
                served.add(sessionId);
            }
        }

        /** Cancelled, or its connection lost: silence for the watchdogs of its sessions. */
        private void lost() {
            List<String> ids;
            synchronized (this) {
                if (done && served.isEmpty()) {
                    streams.remove(this);
                    return;
                }
                done = true;
                ids = List.copyOf(served);
                served.clear();
            }
            streams.remove(this);
            requests.streamLost(ids);
        }

        @Override
        public void onError(Throwable t) {
            lost();
        }

        @Override
        public void onCompleted() {
            finish();
        }

        /** Completes the stream once any request in progress is answered. */
        synchronized void finish() {
            if (!done) {
                done = true;
                streams.remove(this);
                if (draining) {
                    out.onError(
                            Status.UNAVAILABLE
                                    .withDescription("the server is shutting down")
                                    .asRuntimeException());
                } else {
                    out.onCompleted();
                }
            }
        }
    }
}
