package io.gymbridge.env.check;

import io.gymbridge.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks that an env keeps the {@link Env} contract, in the spirit of Gymnasium's {@code
 * gymnasium.utils.env_checker.check_env}, through the Env interface alone, so it works on any env:
 * in this process, or a session on a Java or Python server. It backs {@code gymbridge check URL}.
 *
 * <pre>{@code
 * CheckReport report = EnvChecker.check(() -> Envs.make(url), r -> System.out.println(r.line()));
 * System.exit(report.allPassed() ? 0 : 1);
 * }</pre>
 *
 * <p>The checker opens envs with the caller's opener (some checks need a fresh env, or two) and
 * closes every env it opens. Each check is independent: it opens its own envs and one failing does
 * not stop the others; only an env that cannot be opened at all ends the run after {@code open}.
 * The checks, in order:
 *
 * <table>
 *   <caption>Checks</caption>
 *   <tr><th>name</th><th>passes if</th></tr>
 *   <tr><td>open</td><td>the opener returns an env</td></tr>
 *   <tr><td>spaces</td><td>both spaces and the spec are non-null and each space contains its
 *       samples (warns of Box elements with low == high and unbounded action elements)</td></tr>
 *   <tr><td>observation space, action space</td><td>print the space</td></tr>
 *   <tr><td>metadata</td><td>render_modes are strings and render_fps a positive number</td></tr>
 *   <tr><td>reset()</td><td>gives an observation in the space and an info</td></tr>
 *   <tr><td>reset(seed) determinism</td><td>reset(seed), reset(), reset(seed), reset() repeat
 *       their observations</td></tr>
 *   <tr><td>reset(seed) different seeds</td><td>two seeds give two observations (else
 *       warns)</td></tr>
 *   <tr><td>reset(seed) across instances</td><td>two envs reset with one seed agree</td></tr>
 *   <tr><td>step()</td><td>gives an observation in the space, a finite reward and an
 *       info</td></tr>
 *   <tr><td>step determinism</td><td>two envs stepped with the same {@link #determinismSteps()}
 *       actions agree</td></tr>
 *   <tr><td>episode end</td><td>random actions end an episode within max_episode_steps (within
 *       {@link #episodeStepCap()} steps, else warns, if there is none)</td></tr>
 *   <tr><td>step before reset</td><td>throws FAILED_PRECONDITION</td></tr>
 *   <tr><td>invalid action: wrong type, out of range, NaN</td><td>throw INVALID_ARGUMENT and a
 *       valid step after them works</td></tr>
 *   <tr><td>invalid seed</td><td>reset(seed=-1) throws INVALID_ARGUMENT</td></tr>
 *   <tr><td>close() twice</td><td>does not throw</td></tr>
 *   <tr><td>render</td><td>gives uint8[h, w, 3] frames; skipped unless {@link
 *       Builder#optCheckRender}</td></tr>
 * </table>
 *
 * <p>Actions are sampled from the action space with a {@link java.util.SplittableRandom} seeded
 * with {@link #seed()}, so a run is reproducible. Instances are immutable and thread-safe.
 */
public final class EnvChecker {
    /** Gymnasium's check_env seed. */
    public static final long DEFAULT_SEED = 123;

    /** Gymnasium's second seed. */
    public static final long DEFAULT_OTHER_SEED = 456;

    /** Steps compared by the step determinism check. */
    public static final int DEFAULT_DETERMINISM_STEPS = 50;

    /** Steps of the episode end check when the spec has no max_episode_steps. */
    public static final int DEFAULT_EPISODE_STEP_CAP = 10_000;

    private record Check(String name, Function<CheckContext, Verdict> body) {}

    private static final Check OPEN = new Check("open", EnvChecker::open);

    private static final List<Check> CHECKS =
            List.of(
                    new Check("spaces", ApiChecks::spaces),
                    new Check("observation space", ApiChecks::observationSpaceString),
                    new Check("action space", ApiChecks::actionSpaceString),
                    new Check("metadata", ApiChecks::metadata),
                    new Check("reset()", ApiChecks::reset),
                    new Check("reset(seed) determinism", DeterminismChecks::resetSeed),
                    new Check("reset(seed) different seeds", DeterminismChecks::differentSeeds),
                    new Check("reset(seed) across instances", DeterminismChecks::acrossInstances),
                    new Check("step()", ApiChecks::step),
                    new Check("step determinism", DeterminismChecks::steps),
                    new Check("episode end", ApiChecks::episodeEnd),
                    new Check("step before reset", ErrorChecks::stepBeforeReset),
                    new Check("invalid action: wrong type", ErrorChecks::wrongTypeAction),
                    new Check("invalid action: out of range", ErrorChecks::outOfRangeAction),
                    new Check("invalid action: NaN", ErrorChecks::nanAction),
                    new Check("invalid seed", ErrorChecks::negativeSeed),
                    new Check("close() twice", ApiChecks::closeTwice),
                    new Check("render", ApiChecks::render));

    private final long seed;
    private final long otherSeed;
    private final int determinismSteps;
    private final int episodeStepCap;
    private final boolean checkRender;

    private EnvChecker(Builder b) {
        this.seed = b.seed;
        this.otherSeed = b.otherSeed;
        this.determinismSteps = b.determinismSteps;
        this.episodeStepCap = b.episodeStepCap;
        this.checkRender = b.checkRender;
    }

    /** A builder of a checker; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs every check with the default settings. */
    public static CheckReport check(Supplier<? extends Env<?, ?>> opener) {
        return builder().build().run(opener);
    }

    /** Runs every check with the default settings, handing each result to {@code listener}. */
    public static CheckReport check(
            Supplier<? extends Env<?, ?>> opener, Consumer<CheckResult> listener) {
        return builder().build().run(opener, listener);
    }

    /** The names of the checks, in the order they run. */
    public static List<String> checkNames() {
        List<String> names = new ArrayList<>();
        names.add(OPEN.name());
        CHECKS.forEach(c -> names.add(c.name()));
        return List.copyOf(names);
    }

    /** Runs every check. */
    public CheckReport run(Supplier<? extends Env<?, ?>> opener) {
        return run(opener, r -> {});
    }

    /**
     * Runs every check, handing each result to {@code listener} as soon as it is known (so a
     * command line can print one line per check as it completes).
     *
     * @param opener opens a new env each time it is called; the checker closes what it opens
     * @param listener called once per result, in order, on the calling thread
     */
    public CheckReport run(Supplier<? extends Env<?, ?>> opener, Consumer<CheckResult> listener) {
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(listener, "listener");
        List<CheckResult> results = new ArrayList<>();
        CheckResult open = runOne(OPEN, opener);
        results.add(open);
        listener.accept(open);
        if (open.ok()) {
            for (Check c : CHECKS) {
                CheckResult r = runOne(c, opener);
                results.add(r);
                listener.accept(r);
            }
        }
        return new CheckReport(results);
    }

    private CheckResult runOne(Check check, Supplier<? extends Env<?, ?>> opener) {
        CheckContext ctx = new CheckContext(this, opener);
        try {
            Verdict v = check.body().apply(ctx);
            return new CheckResult(check.name(), v.status(), v.detail());
        } catch (CheckContext.Failure f) {
            return new CheckResult(check.name(), CheckResult.Status.FAIL, f.getMessage());
        } catch (RuntimeException e) {
            return new CheckResult(
                    check.name(),
                    CheckResult.Status.FAIL,
                    "unexpected " + CheckContext.describe(e));
        } finally {
            ctx.closeAll();
        }
    }

    private static Verdict open(CheckContext ctx) {
        Env<Object, Object> env = ctx.open();
        return Verdict.pass("opened " + CheckContext.call("toString()", env::toString));
    }

    /** The seed of resets and of the action generator. */
    public long seed() {
        return seed;
    }

    /** The second seed, of the different seeds check. */
    public long otherSeed() {
        return otherSeed;
    }

    /** Steps compared by the step determinism check. */
    public int determinismSteps() {
        return determinismSteps;
    }

    /** Steps of the episode end check when the spec has no max_episode_steps. */
    public int episodeStepCap() {
        return episodeStepCap;
    }

    /** Whether the render check runs (the opener must open envs with render_mode rgb_array). */
    public boolean checkRender() {
        return checkRender;
    }

    /** Builds an {@link EnvChecker}; every setting is optional. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private long otherSeed = DEFAULT_OTHER_SEED;
        private int determinismSteps = DEFAULT_DETERMINISM_STEPS;
        private int episodeStepCap = DEFAULT_EPISODE_STEP_CAP;
        private boolean checkRender;

        private Builder() {}

        /** The seed of resets and actions; default {@value EnvChecker#DEFAULT_SEED}, >= 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The second seed; default {@value EnvChecker#DEFAULT_OTHER_SEED}, >= 0, not seed. */
        public Builder optOtherSeed(long otherSeed) {
            this.otherSeed = otherSeed;
            return this;
        }

        /** Steps compared between two instances; default 50, typically 10 to 1000, >= 1. */
        public Builder optDeterminismSteps(int steps) {
            this.determinismSteps = steps;
            return this;
        }

        /** Steps before an episode without a time limit warns; default 10000, >= 1. */
        public Builder optEpisodeStepCap(int steps) {
            this.episodeStepCap = steps;
            return this;
        }

        /**
         * Whether to check render(); default false. Turn it on only if the opener opens envs with
         * render_mode "rgb_array" (e.g. a URL with {@code ?render_mode=rgb_array}).
         */
        public Builder optCheckRender(boolean checkRender) {
            this.checkRender = checkRender;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public EnvChecker build() {
            if (seed < 0) {
                throw new IllegalArgumentException("seed must be >= 0, got " + seed);
            }
            if (otherSeed < 0 || otherSeed == seed) {
                throw new IllegalArgumentException(
                        "otherSeed must be >= 0 and differ from seed "
                                + seed
                                + ", got "
                                + otherSeed);
            }
            if (determinismSteps < 1) {
                throw new IllegalArgumentException(
                        "determinismSteps must be >= 1, got " + determinismSteps);
            }
            if (episodeStepCap < 1) {
                throw new IllegalArgumentException(
                        "episodeStepCap must be >= 1, got " + episodeStepCap);
            }
            return new EnvChecker(this);
        }
    }
}
