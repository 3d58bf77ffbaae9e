package io.gymbridge.env.check;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What one check runs with: the checker's settings, the opener, and every env the check opened,
 * which {@link #closeAll} closes when the check ends, whatever happened.
 *
 * <p>Checks call the env through {@link #call}, so an exception names the call that threw it.
 */
final class CheckContext {
    private final EnvChecker settings;
    private final Supplier<? extends Env<?, ?>> opener;
    private final List<Env<?, ?>> opened = new ArrayList<>();

    CheckContext(EnvChecker settings, Supplier<? extends Env<?, ?>> opener) {
        this.settings = settings;
        this.opener = opener;
    }

    /** The checker's settings: seeds, step counts, whether to render. */
    EnvChecker settings() {
        return settings;
    }

    /** The seed of resets and of the action generator. */
    long seed() {
        return settings.seed();
    }

    /** A fresh action generator, seeded with {@link #seed()}, so every run samples alike. */
    SplittableRandom actionRandom() {
        return new SplittableRandom(settings.seed());
    }

    /**
     * Opens an env with the opener; it is closed when the check ends. Typed {@code Object, Object}
     * so a check can step any value, as a client on the wire could.
     *
     * @throws Failure if the opener throws or returns null
     */
    @SuppressWarnings("unchecked")
    Env<Object, Object> open() {
        Env<?, ?> env = call("opening an env", opener::get);
        if (env == null) {
            throw new Failure("the opener returned null instead of an env");
        }
        opened.add(env);
        return (Env<Object, Object>) env;
    }

    /** Closes every env this check opened; exceptions are ignored (see the close() check). */
    void closeAll() {
        for (Env<?, ?> env : opened) {
            try {
                env.close();
            } catch (RuntimeException e) {
                // already reported by the close() check if the env is that broken
            }
        }
        opened.clear();
    }

    /** The env's action space, failing if it is null. */
    static Space<Object> actionSpace(Env<Object, Object> env) {
        Space<Object> space = call("actionSpace()", env::actionSpace);
        if (space == null) {
            throw new Failure("actionSpace() returned null");
        }
        return space;
    }

    /** The env's observation space, failing if it is null. */
    static Space<Object> observationSpace(Env<Object, Object> env) {
        Space<Object> space = call("observationSpace()", env::observationSpace);
        if (space == null) {
            throw new Failure("observationSpace() returned null");
        }
        return space;
    }

    /** The env's spec, failing if it is null. */
    static EnvSpec spec(Env<Object, Object> env) {
        EnvSpec spec = call("spec()", env::spec);
        if (spec == null) {
            throw new Failure("spec() returned null");
        }
        return spec;
    }

    /**
     * Runs {@code body}, turning any exception into a failure naming {@code what}.
     *
     * @throws Failure "{what} threw {exception}"
     */
    static <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (Failure f) {
            throw f;
        } catch (RuntimeException e) {
            throw new Failure(what + " threw " + describe(e), e);
        }
    }

    /**
     * Runs {@code body}, which must throw an {@link EnvException} with {@code code}.
     *
     * @return the exception's description
     * @throws Failure naming what happened instead: a return, another code, another exception
     */
    static String expectEnvException(String what, Supplier<?> body, EnvException.Code code) {
        Object returned;
        try {
            returned = body.get();
        } catch (EnvException e) {
            if (e.code() != code) {
                throw new Failure(what + " threw " + describe(e) + " instead of " + code, e);
            }
            return e.description();
        } catch (RuntimeException e) {
            throw new Failure(
                    what + " threw " + describe(e) + " instead of EnvException " + code, e);
        }
        throw new Failure(
                what
                        + " returned "
                        + Values.brief(returned)
                        + " instead of throwing EnvException "
                        + code);
    }

    /** "IllegalStateException: boom", or "EnvException INVALID_ARGUMENT: bad action". */
    static String describe(Throwable e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof EnvException) {
            return type + " " + e.getMessage();
        }
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** A broken promise of the env; its message is the check's detail. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String detail) {
            super(detail);
        }

        Failure(String detail, Throwable cause) {
            super(detail, cause);
        }
    }
}
