package io.gymbridge.conformance;

import static io.gymbridge.conformance.Expect.equal;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.gymbridge.env.Tensor;
import io.gymbridge.proto.v1.CloseRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import io.gymbridge.proto.v1.MakeRequest;
import io.gymbridge.proto.v1.MakeResponse;
import io.gymbridge.proto.v1.StepRequest;
import io.gymbridge.proto.v1.Value;
import io.gymbridge.wire.ProtoCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One error-contract case's view of a server: blocking calls with a deadline, the sessions the case
 * made (closed when it ends), and its notes of what this server did not let it check.
 */
final class Wire {
    private final ServerHandle server;
    private final Duration deadline;
    private final EnvServiceGrpc.EnvServiceBlockingStub stub;
    private final List<String> opened = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Wire(ServerHandle server, Duration deadline) {
        this.server = server;
        this.deadline = deadline;
        this.stub = EnvServiceGrpc.newBlockingStub(server.channel());
    }

    ServerHandle server() {
        return server;
    }

    Channel channel() {
        return server.channel();
    }

    Duration deadline() {
        return deadline;
    }

    /** The blocking stub with a fresh deadline. */
    EnvServiceGrpc.EnvServiceBlockingStub call() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes a session, to be closed when the case ends. */
    MakeResponse make(MakeRequest.Builder req) {
        MakeResponse r = call().make(req.build());
        opened.add(r.getSessionId());
        return r;
    }

    /** Remembers a session made some other way, to be closed when the case ends. */
    void opened(String sessionId) {
        opened.add(sessionId);
    }

    /** Forgets the sessions made so far (they are gone already). */
    void forgetOpened() {
        opened.clear();
    }

    /** Checks the server's open-session count if it shows one; else notes that it did not. */
    void assertSessionCount(int expected) {
        OptionalInt n = server.sessionCount();
        if (n.isPresent()) {
            equal(expected, n.getAsInt(), "open sessions");
        } else {
            note("the open-session count (" + expected + ") not checked: the server shows none");
        }
    }

    void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    String notes() {
        return String.join("; ", notes);
    }

    /**
     * Closes the sessions the case made. A failure to close fails a case that passed, and is added
     * to the failure of one that did not.
     */
    void closeOpened(Throwable failure) {
        try {
            for (String id : opened) {
                call().close(CloseRequest.newBuilder().setSessionId(id).build());
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        } finally {
            opened.clear();
        }
    }

    /** Runs {@code call}, which must fail with {@code code}, and returns its exception. */
    static StatusRuntimeException fails(Status.Code code, Expect.Call call) {
        StatusRuntimeException e = Expect.thrown(StatusRuntimeException.class, call, "call");
        equal(code, e.getStatus().getCode(), e.getStatus().toString());
        return e;
    }

    /** The status description of {@code e}. */
    static String describe(StatusRuntimeException e) {
        return String.valueOf(e.getStatus().getDescription());
    }

    /** int64 actions as a Value. */
    static Value actions(long... a) {
        return ProtoCodec.toValue(Tensor.ofLongs(a));
    }

    static StepRequest step(String id, Value actions) {
        return StepRequest.newBuilder().setSessionId(id).setActions(actions).build();
    }
}
