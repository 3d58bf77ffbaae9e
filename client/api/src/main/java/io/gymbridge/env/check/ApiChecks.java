package io.gymbridge.env.check;

import static io.gymbridge.env.check.CheckContext.call;
import static io.gymbridge.env.check.Values.brief;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.check.CheckContext.Failure;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.TupleSpace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The checks of what the API returns: spaces, metadata, reset, step, a whole episode, render and
 * close. Each opens its own env, so one broken call cannot spoil the next check.
 */
final class ApiChecks {
    /** Samples drawn from each space to see that the space contains its own samples. */
    private static final int SAMPLES = 20;

    private ApiChecks() {}

    /** Both spaces and the spec are non-null, and each space contains its own samples. */
    static Verdict spaces(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Space<Object> observations = CheckContext.observationSpace(env);
        Space<Object> actions = CheckContext.actionSpace(env);
        EnvSpec spec = CheckContext.spec(env);
        if (spec.id() == null || spec.id().isBlank()) {
            throw new Failure("spec() gave no env id: " + spec);
        }
        SplittableRandom rng = ctx.actionRandom();
        for (int i = 0; i < SAMPLES; i++) {
            Object o = call("observationSpace().sample()", () -> observations.sample(rng));
            observations
                    .mismatch(o)
                    .ifPresent(
                            why -> {
                                throw new Failure(
                                        "the observation space's own sample is not in it: " + why);
                            });
            Object a = call("actionSpace().sample()", () -> actions.sample(rng));
            actions.actionMismatch(a)
                    .ifPresent(
                            why -> {
                                throw new Failure(
                                        "the action space's own sample is not a valid action: "
                                                + why);
                            });
        }
        List<String> warnings = new ArrayList<>();
        boxWarnings("observation", observations, false, warnings);
        boxWarnings("action", actions, true, warnings);
        String detail =
                "spec id "
                        + spec.id()
                        + ", max_episode_steps "
                        + (spec.maxEpisodeSteps().isPresent()
                                ? spec.maxEpisodeSteps().getAsInt()
                                : "none")
                        + (spec.nondeterministic() ? ", nondeterministic" : "");
        return warnings.isEmpty()
                ? Verdict.pass(detail)
                : Verdict.warn(String.join("; ", warnings) + " (" + detail + ")");
    }

    /** Gymnasium warns of Box elements with low == high, and of unbounded action elements. */
    private static void boxWarnings(
            String kind, Space<?> space, boolean action, List<String> warnings) {
        if (space instanceof Box box) {
            for (int i = 0; i < box.size(); i++) {
                if (box.low(i) == box.high(i)) {
                    warnings.add(kind + " " + box + " element [" + i + "] has low == high");
                    return;
                }
                if (action && !(Double.isFinite(box.low(i)) && Double.isFinite(box.high(i)))) {
                    warnings.add(kind + " " + box + " element [" + i + "] is unbounded");
                    return;
                }
            }
        } else if (space instanceof DictSpace dict) {
            dict.spaces().values().forEach(s -> boxWarnings(kind, s, action, warnings));
        } else if (space instanceof TupleSpace tuple) {
            tuple.spaces().forEach(s -> boxWarnings(kind, s, action, warnings));
        }
    }

    /** The observation space prints as Gymnasium prints it. */
    static Verdict observationSpaceString(CheckContext ctx) {
        return spaceString(CheckContext.observationSpace(ctx.open()), "observationSpace()");
    }

    /** The action space prints as Gymnasium prints it. */
    static Verdict actionSpaceString(CheckContext ctx) {
        return spaceString(CheckContext.actionSpace(ctx.open()), "actionSpace()");
    }

    private static Verdict spaceString(Space<?> space, String what) {
        String text = call(what + ".toString()", space::toString);
        if (text == null || text.isBlank()) {
            throw new Failure(what + ".toString() is empty");
        }
        if (text.matches(".*@[0-9a-f]+")) {
            return Verdict.warn(text + " is Object's toString, not Gymnasium's form");
        }
        return Verdict.pass(text);
    }

    /** metadata() is a map; render_modes, if given, are strings; render_fps a positive number. */
    static Verdict metadata(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Map<String, Object> metadata = call("metadata()", env::metadata);
        if (metadata == null) {
            throw new Failure("metadata() returned null instead of a map");
        }
        Object modes = metadata.get("render_modes");
        Object fps = metadata.get("render_fps");
        if (modes != null
                && !(modes instanceof Collection<?> c
                        && c.stream().allMatch(String.class::isInstance))) {
            throw new Failure("render_modes must be a list of strings, got " + brief(modes));
        }
        if (fps != null && !(fps instanceof Number n && n.doubleValue() > 0)) {
            throw new Failure("render_fps must be a positive number, got " + brief(fps));
        }
        String detail = "render_modes " + brief(modes) + ", render_fps " + brief(fps);
        if (modes instanceof Collection<?> c && !c.isEmpty() && fps == null) {
            return Verdict.warn(detail + ": render_modes are declared but render_fps is not");
        }
        return Verdict.pass(detail);
    }

    /** reset() gives an observation in the space and a non-null info. */
    static Verdict reset(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Reset<Object> r = call("reset()", env::reset);
        if (r == null) {
            throw new Failure("reset() returned null");
        }
        requireObservation(CheckContext.observationSpace(env), "reset()", r.observation());
        if (r.info() == null) {
            throw new Failure("reset() returned a null info");
        }
        return Verdict.pass(
                "observation " + brief(r.observation()) + ", info keys " + r.info().keySet());
    }

    /** One step gives an observation in the space, a finite reward and a non-null info. */
    static Verdict step(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        call("reset(seed=" + ctx.seed() + ")", () -> env.reset(ctx.seed()));
        Object action = CheckContext.actionSpace(env).sample(ctx.actionRandom());
        String what = "step(" + brief(action) + ")";
        Step<Object> s = call(what, () -> env.step(action));
        requireStep(CheckContext.observationSpace(env), what, s);
        String detail =
                what
                        + " gave observation "
                        + brief(s.observation())
                        + ", reward "
                        + s.reward()
                        + ", terminated "
                        + s.terminated()
                        + ", truncated "
                        + s.truncated()
                        + ", info keys "
                        + s.info().keySet();
        int limit = CheckContext.spec(env).maxEpisodeSteps().orElse(Integer.MAX_VALUE);
        if (s.truncated() && limit > 1) {
            return Verdict.warn(detail + ": truncated after one step");
        }
        return Verdict.pass(detail);
    }

    /**
     * Random actions end an episode within spec().maxEpisodeSteps(), or within the checker's cap if
     * there is none; every observation lies in the space and every reward is finite.
     */
    static Verdict episodeEnd(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        EnvSpec spec = CheckContext.spec(env);
        boolean limited = spec.maxEpisodeSteps().isPresent();
        int limit = limited ? spec.maxEpisodeSteps().getAsInt() : ctx.settings().episodeStepCap();
        Space<Object> observations = CheckContext.observationSpace(env);
        Space<Object> actions = CheckContext.actionSpace(env);
        SplittableRandom rng = ctx.actionRandom();
        call("reset(seed=" + ctx.seed() + ")", () -> env.reset(ctx.seed()));
        double total = 0;
        for (int t = 1; t <= limit; t++) {
            Object action = call("actionSpace().sample()", () -> actions.sample(rng));
            String what = "step " + t + " (action " + brief(action) + ")";
            Step<Object> s = call(what, () -> env.step(action));
            requireStep(observations, what, s);
            total += s.reward();
            if (s.done()) {
                return Verdict.pass(
                        (s.terminated() ? "terminated" : "truncated")
                                + " after "
                                + t
                                + " random steps, return "
                                + total);
            }
        }
        if (limited) {
            throw new Failure(
                    "neither terminated nor truncated after "
                            + limit
                            + " random steps, though spec max_episode_steps is "
                            + limit);
        }
        return Verdict.warn(
                "neither terminated nor truncated in "
                        + limit
                        + " random steps, and the spec has no max_episode_steps");
    }

    /**
     * render() gives an rgb_array frame, a uint8 tensor [height, width, 3], after reset and after a
     * step; only if the checker was told the env was opened with render_mode "rgb_array".
     */
    static Verdict render(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        Map<String, Object> metadata = call("metadata()", env::metadata);
        Object modes = metadata == null ? null : metadata.get("render_modes");
        if (!ctx.settings().checkRender()) {
            return Verdict.skip(
                    "not requested (metadata render_modes "
                            + brief(modes)
                            + "); open the env with render_mode \"rgb_array\" and turn the"
                            + " render check on");
        }
        if (!(modes instanceof Collection<?> c && c.contains("rgb_array"))) {
            throw new Failure("metadata render_modes " + brief(modes) + " lacks \"rgb_array\"");
        }
        call("reset(seed=" + ctx.seed() + ")", () -> env.reset(ctx.seed()));
        Tensor first = requireFrame(call("render() after reset", env::render), "after reset");
        Object action = CheckContext.actionSpace(env).sample(ctx.actionRandom());
        call("step(" + brief(action) + ")", () -> env.step(action));
        Tensor second = requireFrame(call("render() after a step", env::render), "after a step");
        if (first.dim(0) != second.dim(0) || first.dim(1) != second.dim(1)) {
            throw new Failure(
                    "frames change size: " + first.describe() + " then " + second.describe());
        }
        return Verdict.pass("rgb_array frames " + first.describe());
    }

    private static Tensor requireFrame(Tensor frame, String when) {
        if (frame == null) {
            throw new Failure("render() " + when + " returned null");
        }
        if (frame.dtype() != DType.UINT8
                || frame.rank() != 3
                || frame.dim(2) != 3
                || frame.dim(0) == 0
                || frame.dim(1) == 0) {
            throw new Failure(
                    "render() "
                            + when
                            + " gave "
                            + frame.describe()
                            + "; an rgb_array frame is uint8[height, width, 3]");
        }
        return frame;
    }

    /** close() twice does not throw, as Gymnasium's check_env asks. */
    static Verdict closeTwice(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        call("the first close()", () -> close(env));
        call("the second close()", () -> close(env));
        return Verdict.pass("neither close() threw");
    }

    private static Void close(Env<?, ?> env) {
        env.close();
        return null;
    }

    /** Fails unless {@code s} is a step with an observation in the space and a finite reward. */
    static void requireStep(Space<Object> observations, String what, Step<Object> s) {
        if (s == null) {
            throw new Failure(what + " returned null");
        }
        requireObservation(observations, what, s.observation());
        if (!Double.isFinite(s.reward())) {
            throw new Failure(what + " gave reward " + s.reward() + ", which is not finite");
        }
        if (s.info() == null) {
            throw new Failure(what + " returned a null info");
        }
    }

    private static void requireObservation(Space<Object> observations, String what, Object obs) {
        observations
                .mismatch(obs)
                .ifPresent(
                        why -> {
                            throw new Failure(
                                    what
                                            + " gave observation "
                                            + brief(obs)
                                            + ", which is not in the observation space: "
                                            + why);
                        });
    }
}
