package io.gymbridge.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Establishes the {@link Caller} of every call and refuses calls without valid credentials.
 *
 * <ul>
 *   <li>With tokens, every call but health checks needs {@code authorization: Bearer TOKEN} with a
 *       token of the tokens file; the caller is the token's name. A missing, malformed or wrong
 *       token is UNAUTHENTICATED with one message for all three. A token is accepted only over TLS
 *       or from a loopback peer, never over plaintext from another machine.
 *   <li>Else, with client certificates (mTLS, enforced by the TLS handshake), the caller is the
 *       certificate's subject.
 *   <li>Else the caller is {@link Caller#ANONYMOUS}.
 * </ul>
 */
final class CallerInterceptor implements ServerInterceptor {
    private static final Logger log = Logger.getLogger(CallerInterceptor.class.getName());
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    /** The one answer to a missing or wrong token: it says which header, not what was wrong. */
    static final String UNAUTHENTICATED =
            "this server needs a valid bearer token (authorization: Bearer TOKEN)";

    private final Supplier<TokenFile> tokens;

    /**
     * An interceptor checking tokens from {@code tokens}, which gives the tokens in effect (it
     * changes on reload), or null if the server takes none.
     */
    CallerInterceptor(Supplier<TokenFile> tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        TokenFile tokenFile = tokens == null ? null : tokens.get();
        if (tokenFile != null && !isHealthCheck(call)) {
            if (!secure(call) && !fromLoopback(call)) {
                return refuse(
                        call,
                        "bearer tokens are accepted over TLS or from loopback only; connect with"
                                + " grpcs://");
            }
            String name = tokenFile.nameOf(bearer(headers.get(AUTHORIZATION)));
            if (name == null) {
                log.fine(() -> "refused a call without a valid token from " + peer(call));
                return refuse(call, UNAUTHENTICATED);
            }
            caller = Caller.ofToken(name);
        } else {
            caller = certificateSubject(call);
        }
        Context context = Context.current().withValue(Caller.KEY, caller);
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {};
    }

    private static boolean isHealthCheck(ServerCall<?, ?> call) {
        return HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName());
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }

    private static boolean secure(ServerCall<?, ?> call) {
        return call.getSecurityLevel() == SecurityLevel.PRIVACY_AND_INTEGRITY;
    }

    private static boolean fromLoopback(ServerCall<?, ?> call) {
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return peer instanceof InetSocketAddress a
                && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    private static Caller certificateSubject(ServerCall<?, ?> call) {
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (tls == null) {
            return Caller.ANONYMOUS;
        }
        try {
            Certificate[] chain = tls.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                return Caller.ofCertificate(x.getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException e) {
            // TLS without client certificates
        }
        return Caller.ANONYMOUS;
    }

    private static String peer(ServerCall<?, ?> call) {
        return String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    }
}
