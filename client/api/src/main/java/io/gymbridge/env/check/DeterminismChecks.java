package io.gymbridge.env.check;

import static io.gymbridge.env.check.CheckContext.call;
import static io.gymbridge.env.check.Values.brief;

import io.gymbridge.env.Env;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.check.CheckContext.Failure;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The checks that seeding makes an env reproducible, as Gymnasium's {@code
 * check_reset_seed_determinism} and {@code check_step_determinism}, and across two instances, which
 * is what a remote env needs: two sessions seeded alike must replay alike.
 *
 * <p>Values are compared as {@link Values#difference}: a difference beyond {@value
 * Values#TOLERANCE} fails, a smaller one warns. Envs whose spec is {@code nondeterministic} skip
 * every check here but {@link #differentSeeds}.
 */
final class DeterminismChecks {
    private DeterminismChecks() {}

    /** reset(seed), reset(), reset(seed), reset() give the same two observations twice. */
    static Verdict resetSeed(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        if (CheckContext.spec(env).nondeterministic()) {
            return skipNondeterministic();
        }
        long seed = ctx.seed();
        Object first = reset(env, seed);
        Object next = reset(env, null);
        Object again = reset(env, seed);
        Object nextAgain = reset(env, null);
        List<String> inexact = new ArrayList<>();
        requireSame("seed " + seed + " gave ", " then ", first, again, inexact);
        requireSame(
                "reset() after reset(seed=" + seed + ") gave ", " then ", next, nextAgain, inexact);
        return verdict("seed " + seed + " gave " + brief(first) + " both times", inexact);
    }

    /** Two seeds give two initial observations; a warning only, as some envs start fixed. */
    static Verdict differentSeeds(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        long seed = ctx.seed();
        long other = ctx.settings().otherSeed();
        Object first = reset(env, seed);
        Object second = reset(env, other);
        if (Values.difference(first, second, true).isEmpty()) {
            return Verdict.warn(
                    "seeds "
                            + seed
                            + " and "
                            + other
                            + " both gave "
                            + brief(first)
                            + ": reset ignores its seed, unless the initial state is fixed");
        }
        return Verdict.pass(
                "seeds "
                        + seed
                        + " and "
                        + other
                        + " gave "
                        + brief(first)
                        + " and "
                        + brief(second));
    }

    /** Two instances from the opener, reset with the same seed, give the same observation. */
    static Verdict acrossInstances(CheckContext ctx) {
        Env<Object, Object> a = ctx.open();
        if (CheckContext.spec(a).nondeterministic()) {
            return skipNondeterministic();
        }
        Env<Object, Object> b = ctx.open();
        long seed = ctx.seed();
        Reset<Object> ra = call("reset(seed=" + seed + ") of the first env", () -> a.reset(seed));
        Reset<Object> rb = call("reset(seed=" + seed + ") of the second env", () -> b.reset(seed));
        List<String> inexact = new ArrayList<>();
        String prefix = "reset(seed=" + seed + ") of two instances gave ";
        requireSame(prefix, " and ", observation(ra), observation(rb), inexact);
        requireSame(prefix + "infos ", " and ", info(ra), info(rb), inexact);
        return verdict(
                "two instances reset with seed " + seed + " both gave " + brief(observation(ra)),
                inexact);
    }

    /**
     * Two instances reset with the same seed and stepped with the same random actions give the same
     * observations, rewards, flags and infos; after an episode ends both reset unseeded.
     */
    static Verdict steps(CheckContext ctx) {
        Env<Object, Object> a = ctx.open();
        if (CheckContext.spec(a).nondeterministic()) {
            return skipNondeterministic();
        }
        Env<Object, Object> b = ctx.open();
        long seed = ctx.seed();
        Object oa = observation(call("reset(seed=" + seed + ")", () -> a.reset(seed)));
        Object ob = observation(call("reset(seed=" + seed + ")", () -> b.reset(seed)));
        if (Values.difference(oa, ob, false).isPresent()) {
            return Verdict.skip(
                    "the two instances already differ after reset(seed="
                            + seed
                            + "); see reset(seed) across instances");
        }
        Space<Object> actions = CheckContext.actionSpace(a);
        SplittableRandom rng = ctx.actionRandom();
        int n = ctx.settings().determinismSteps();
        int episodes = 1;
        List<String> inexact = new ArrayList<>();
        for (int t = 1; t <= n; t++) {
            Object action = call("actionSpace().sample()", () -> actions.sample(rng));
            String what = "step " + t + " (action " + brief(action) + ")";
            Step<Object> sa = call(what + " of the first env", () -> a.step(action));
            Step<Object> sb = call(what + " of the second env", () -> b.step(action));
            if (sa == null || sb == null) {
                throw new Failure(what + " returned null");
            }
            requireSame(
                    what + ": observation ", " vs ", sa.observation(), sb.observation(), inexact);
            requireSame(what + ": reward ", " vs ", sa.reward(), sb.reward(), inexact);
            requireSame(what + ": terminated ", " vs ", sa.terminated(), sb.terminated(), inexact);
            requireSame(what + ": truncated ", " vs ", sa.truncated(), sb.truncated(), inexact);
            requireSame(what + ": info ", " vs ", sa.info(), sb.info(), inexact);
            if (sa.done() && t < n) {
                String again = "reset() after the episode ending at step " + t;
                Object ra = observation(call(again, a::reset));
                Object rb = observation(call(again, b::reset));
                requireSame(again + " gave ", " and ", ra, rb, inexact);
                episodes++;
            }
        }
        return verdict(
                n
                        + " steps of the same actions from seed "
                        + seed
                        + " gave equal results ("
                        + episodes
                        + (episodes == 1 ? " episode)" : " episodes)"),
                inexact);
    }

    private static Object reset(Env<Object, Object> env, Long seed) {
        String what = seed == null ? "reset()" : "reset(seed=" + seed + ")";
        return observation(call(what, () -> env.reset(seed, Map.of())));
    }

    private static Object observation(Reset<Object> r) {
        if (r == null) {
            throw new Failure("reset returned null");
        }
        return r.observation();
    }

    private static Object info(Reset<Object> r) {
        return r.info();
    }

    /**
     * Fails with "{prefix}{a}{joiner}{b} ({where they differ})" unless a and b are equivalent;
     * notes in {@code inexact} if they are only close.
     */
    private static void requireSame(
            String prefix, String joiner, Object a, Object b, List<String> inexact) {
        Optional<String> loose = Values.difference(a, b, false);
        if (loose.isPresent()) {
            throw new Failure(prefix + brief(a) + joiner + brief(b) + " (" + loose.get() + ")");
        }
        Values.difference(a, b, true)
                .ifPresent(
                        d -> inexact.add(prefix + brief(a) + joiner + brief(b) + " (" + d + ")"));
    }

    private static Verdict verdict(String detail, List<String> inexact) {
        if (inexact.isEmpty()) {
            return Verdict.pass(detail);
        }
        return Verdict.warn(
                "equal within " + Values.TOLERANCE + " but not exactly: " + inexact.get(0));
    }

    private static Verdict skipNondeterministic() {
        return Verdict.skip("spec().nondeterministic() is true");
    }
}
