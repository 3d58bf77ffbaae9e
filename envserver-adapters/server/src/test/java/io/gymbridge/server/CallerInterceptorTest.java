package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interceptor's rules where a real network is awkward to arrange: a token in plaintext from
 * another machine is refused even when it is right (the netns test shows it end to end for TLS).
 */
class CallerInterceptorTest {
    @TempDir Path dir;

    /** Runs one call through the interceptor; the caller it set, or null if it refused. */
    private Caller intercept(
            TokenFile tokens,
            String authorization,
            SecurityLevel level,
            InetSocketAddress peer,
            AtomicReference<Status> closed) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(CallerInterceptor.AUTHORIZATION, authorization);
        }
        FakeCall call = new FakeCall(level, peer, closed);
        AtomicReference<Caller> seen = new AtomicReference<>();
        new CallerInterceptor(tokens == null ? null : () -> tokens)
                .interceptCall(
                        call,
                        headers,
                        (c, h) -> {
                            seen.set(Caller.current());
                            return new ServerCall.Listener<>() {};
                        });
        return seen.get();
    }

    private TokenFile tokens() throws IOException {
        Path f = dir.resolve("tokens.txt");
        Files.writeString(f, "alice " + TokenTest.ALICE + "\n");
        return TokenFile.read(f);
    }

    @Test
    void token_plaintextFromAnotherMachine_refusedEvenIfRight() throws IOException {
        AtomicReference<Status> closed = new AtomicReference<>();
        Caller c =
                intercept(
                        tokens(),
                        "Bearer " + TokenTest.ALICE,
                        SecurityLevel.NONE,
                        new InetSocketAddress("192.0.2.9", 40000),
                        closed);
        assertNull(c);
        assertEquals(Status.Code.UNAUTHENTICATED, closed.get().getCode());
    }

    @Test
    void token_plaintextFromLoopbackOrOverTls_callerIsTheTokensName() throws IOException {
        AtomicReference<Status> closed = new AtomicReference<>();
        assertEquals(
                Caller.ofToken("alice"),
                intercept(
                        tokens(),
                        "Bearer " + TokenTest.ALICE,
                        SecurityLevel.NONE,
                        new InetSocketAddress("127.0.0.1", 40000),
                        closed));
        assertEquals(
                Caller.ofToken("alice"),
                intercept(
                        tokens(),
                        "bearer " + TokenTest.ALICE,
                        SecurityLevel.PRIVACY_AND_INTEGRITY,
                        new InetSocketAddress("192.0.2.9", 40000),
                        closed));
        assertNull(closed.get());
    }

    @Test
    void noTokensNoCertificate_anonymous() {
        assertEquals(
                Caller.ANONYMOUS,
                intercept(
                        null,
                        null,
                        SecurityLevel.NONE,
                        new InetSocketAddress("127.0.0.1", 1),
                        new AtomicReference<>()));
    }

    private static final class FakeCall extends ServerCall<Object, Object> {
        private final SecurityLevel level;
        private final InetSocketAddress peer;
        private final AtomicReference<Status> closed;

        FakeCall(SecurityLevel level, InetSocketAddress peer, AtomicReference<Status> closed) {
            this.level = level;
            this.peer = peer;
            this.closed = closed;
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void sendHeaders(Metadata headers) {}

        @Override
        public void sendMessage(Object message) {}

        @Override
        public void close(Status status, Metadata trailers) {
            closed.set(status);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return level;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, peer).build();
        }

        @SuppressWarnings("unchecked")
        @Override
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return (MethodDescriptor<Object, Object>)
                    (MethodDescriptor<?, ?>) EnvServiceGrpc.getGetServerInfoMethod();
        }
    }
}
