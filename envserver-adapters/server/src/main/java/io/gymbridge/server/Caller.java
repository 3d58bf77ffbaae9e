package io.gymbridge.server;

import io.grpc.Context;

/**
 * Who makes a call, as the server's {@link CallerInterceptor} established it: the owner of the
 * sessions the call makes, and the only caller that can see them.
 *
 * <p>The name is {@code token:NAME} for a bearer token (its name in the tokens file), {@code
 * cert:DN} for a client certificate (its subject, RFC 2253), or {@code anonymous} when the server
 * asks for neither. The prefixes keep a token named like a certificate subject from sharing its
 * sessions.
 *
 * @param name the caller's name, never a secret
 */
record Caller(String name) {
    /** The caller of a server that authenticates no one (plaintext on loopback, or TLS alone). */
    static final Caller ANONYMOUS = new Caller("anonymous");

    /** Where the interceptor puts the caller for the handlers of the call. */
    static final Context.Key<Caller> KEY = Context.key("gymbridge-caller");

    /** The caller of the call being handled; anonymous outside a call. */
    static Caller current() {
        Caller c = KEY.get();
        return c == null ? ANONYMOUS : c;
    }

    /** The caller holding the named token. */
    static Caller ofToken(String tokenName) {
        return new Caller("token:" + tokenName);
    }

    /** The caller holding a client certificate with this subject. */
    static Caller ofCertificate(String subjectDn) {
        return new Caller("cert:" + subjectDn);
    }

    @Override
    public String toString() {
        return name;
    }
}
