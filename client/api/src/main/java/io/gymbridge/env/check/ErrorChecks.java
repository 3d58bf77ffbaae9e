package io.gymbridge.env.check;

import static io.gymbridge.env.check.CheckContext.call;
import static io.gymbridge.env.check.CheckContext.expectEnvException;
import static io.gymbridge.env.check.Values.brief;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException.Code;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.check.CheckContext.Failure;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.Text;
import java.util.Map;

/**
 * The checks of the error contract of {@link Env}: a step before reset is FAILED_PRECONDITION; an
 * invalid action or seed is INVALID_ARGUMENT, and the env keeps working after it. Over the wire
 * these are the status codes a client sees, so an env that throws anything else (a
 * ClassCastException, say) would reach remote callers as INTERNAL.
 */
final class ErrorChecks {
    private ErrorChecks() {}

    /** A step on a freshly opened env throws FAILED_PRECONDITION. */
    static Verdict stepBeforeReset(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Object action = CheckContext.actionSpace(env).sample(ctx.actionRandom());
        String what = "step(" + brief(action) + ") before any reset";
        String why = expectEnvException(what, () -> env.step(action), Code.FAILED_PRECONDITION);
        return Verdict.pass(what + " threw FAILED_PRECONDITION: " + why);
    }

    /** An action of the wrong Java type throws INVALID_ARGUMENT. */
    static Verdict wrongTypeAction(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Space<?> space = CheckContext.actionSpace(env);
        Object bad = space instanceof Text ? (Object) 42 : "not an action";
        return rejectsThenRecovers(ctx, env, bad);
    }

    /**
     * A value outside an integer space throws INVALID_ARGUMENT: one past the end of a Discrete or
     * of a MultiDiscrete's first element, a 2 in a MultiBinary. Box actions outside the bounds are
     * clipped by the env, not rejected, so a Box skips.
     */
    static Verdict outOfRangeAction(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Space<?> space = CheckContext.actionSpace(env);
        Object sample = space.sample(ctx.actionRandom());
        Object bad;
        if (space instanceof Discrete d) {
            bad = d.start() + d.n();
        } else if (space instanceof MultiDiscrete m && m.nvec().length > 0) {
            long[] values = ((Tensor) sample).toLongArray();
            values[0] = m.start()[0] + m.nvec()[0];
            bad = Tensor.wrap(DType.INT64, m.shape(), values);
        } else if (space instanceof MultiBinary m) {
            byte[] bits = (byte[]) ((Tensor) sample).astype(DType.INT8).toArray();
            bits[0] = 2;
            bad = Tensor.wrap(DType.INT8, m.shape(), bits);
        } else if (space instanceof Box) {
            return Verdict.skip(space + " actions outside the bounds are clipped, not rejected");
        } else {
            return Verdict.skip("no out-of-range value is defined for " + space);
        }
        return rejectsThenRecovers(ctx, env, bad);
    }

    /** A float Box action with a NaN element throws INVALID_ARGUMENT. */
    static Verdict nanAction(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Space<?> space = CheckContext.actionSpace(env);
        if (!(space instanceof Box box && box.dtype().isFloating() && box.size() > 0)) {
            return Verdict.skip(space + " is not a floating-point Box");
        }
        double[] values = ((Tensor) space.sample(ctx.actionRandom())).toDoubleArray();
        values[0] = Double.NaN;
        Object bad = Tensor.of(DType.FLOAT64, box.shape(), values).astype(box.dtype());
        return rejectsThenRecovers(ctx, env, bad);
    }

    /**
     * After reset, stepping {@code bad} throws INVALID_ARGUMENT and a valid step right after it
     * succeeds: a rejected action changes nothing.
     */
    private static Verdict rejectsThenRecovers(
            CheckContext ctx, Env<Object, Object> env, Object bad) {
        call("reset(seed=" + ctx.seed() + ")", () -> env.reset(ctx.seed()));
        String what = "step(" + brief(bad) + ")";
        String why = expectEnvException(what, () -> env.step(bad), Code.INVALID_ARGUMENT);
        Object good = CheckContext.actionSpace(env).sample(ctx.actionRandom());
        Step<Object> s =
                call(
                        "a valid step(" + brief(good) + ") after the rejected " + what,
                        () -> env.step(good));
        if (s == null) {
            throw new Failure("a valid step after the rejected " + what + " returned null");
        }
        return Verdict.pass(
                what + " threw INVALID_ARGUMENT (" + why + "); a valid step after it worked");
    }

    /** reset with seed -1 throws INVALID_ARGUMENT, and a valid seed works after it. */
    static Verdict negativeSeed(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        String why =
                expectEnvException(
                        "reset(seed=-1)", () -> env.reset(-1L, Map.of()), Code.INVALID_ARGUMENT);
        call(
                "reset(seed=" + ctx.seed() + ") after the rejected reset(seed=-1)",
                () -> env.reset(ctx.seed()));
        return Verdict.pass(
                "reset(seed=-1) threw INVALID_ARGUMENT ("
                        + why
                        + "); a valid seed worked after it");
    }
}
