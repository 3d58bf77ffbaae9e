package io.gymbridge.conformance;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Env contract, written once and run against every way of reaching an env: give it an {@link
 * EnvOpener} and every case runs on each env id of {@link Builder#optEnvIds}.
 *
 * <pre>{@code
 * EnvContract contract = EnvContract.builder()
 *         .setOpener((id, kwargs) -> Envs.make(id, kwargs))
 *         .optEnvIds(List.of("CartPole-v1"))
 *         .build();
 * for (ContractCase c : contract.cases()) System.out.println(c.result("").line());
 * }</pre>
 *
 * <p>The cases, each on every env id:
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>name</th><th>passes if</th></tr>
 *   <tr><td>reset_withSeed_observationInSpaceAndInfoNotNull</td><td>reset(7) gives an observation
 *       in the space and an info</td></tr>
 *   <tr><td>reset_sameSeed_sameTrajectoryAsLocalEnv</td><td>seed 42 and 60 fixed actions give
 *       the trajectory of the reference env of the same id (observations within {@link
 *       #observationTolerance()}, rewards within 1e-12 relative, flags equal), twice; skipped if
 *       there is no reference env of that id</td></tr>
 *   <tr><td>reset_sameSeed_sameTrajectoryTwice</td><td>the same, between two envs of the server
 *       under test, exactly</td></tr>
 *   <tr><td>reset_differentSeeds_differentObservations</td><td>seeds 1 and 2 differ</td></tr>
 *   <tr><td>step_beforeReset_failsWithFailedPrecondition</td><td>as its name says</td></tr>
 *   <tr><td>step_randomEpisode_observationsInSpaceUntilDoneWithinLimit</td><td>observations in
 *       the space, finite rewards, infos, and truncated exactly at max_episode_steps; skipped for
 *       an env without a limit</td></tr>
 *   <tr><td>step_maxEpisodeStepsKwarg_truncatesThere</td><td>max_episode_steps=5 truncates at
 *       5 (or the env terminates first)</td></tr>
 *   <tr><td>step_afterEpisodeEnd_failsWithFailedPreconditionUntilReset</td><td>as its name
 *       says</td></tr>
 *   <tr><td>step_invalidActions_failWithInvalidArgumentAndEnvKeepsWorking</td><td>a string, out
 *       of range or mistyped actions (NaN, infinity, float64 or a wrong size for a Box) are
 *       INVALID_ARGUMENT and a valid step works after them</td></tr>
 *   <tr><td>step_boxActionOutsideBounds_isClippedByTheEnv</td><td>a Box action 10 times its high
 *       bound moves the env as the bound does (passes at once for other action spaces)</td></tr>
 *   <tr><td>reset_negativeSeed_failsWithInvalidArgument</td><td>as its name says</td></tr>
 *   <tr><td>spec_matchesRegistration</td><td>the spec's id, and max_episode_steps,
 *       reward_threshold and both spaces as the reference env's; skipped after the id check if
 *       there is no reference env</td></tr>
 *   <tr><td>close_twice_isFine</td><td>as its name says</td></tr>
 * </table>
 *
 * <p>The reference envs are the bundled Java ports of Gymnasium's envs (found with {@link
 * EnvRegistry#withProviders()} when {@code gymbridge-classic-control} is on the class path), so a
 * server passes the trajectory case only if it steps exactly as Gymnasium does. Instances are
 * immutable.
 */
public final class EnvContract {
    /** The five bundled classic-control envs, the default env ids. */
    public static final List<String> BUNDLED_ENV_IDS =
            List.of(
                    "CartPole-v1",
                    "Pendulum-v1",
                    "MountainCar-v0",
                    "MountainCarContinuous-v0",
                    "Acrobot-v1");

    /**
     * The observation tolerance for a server that computes its dynamics through NumPy or the C
     * library (the Python adapter): see {@link #observationTolerance()}.
     */
    public static final double NUMPY_OBSERVATION_TOLERANCE = 1e-6;

    private final EnvOpener opener;
    private final List<String> envIds;
    private final double observationTolerance;
    private final EnvRegistry referenceEnvs;

    private EnvContract(Builder b) {
        this.opener = b.opener;
        this.envIds = List.copyOf(b.envIds);
        this.observationTolerance = b.observationTolerance;
        this.referenceEnvs = b.referenceEnvs;
    }

    /** A builder; only the opener is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The env ids the cases run on. */
    public List<String> envIds() {
        return envIds;
    }

    /**
     * How far the observations under test may be from the reference env's, relative (with the same
     * figure as an absolute floor). 0 means exactly equal: a Java server steps the Java env itself.
     * A server that computes its dynamics through NumPy or the C library gets a last-bit difference
     * in sin or cos now and then, which NumPy's CPU-chosen SIMD kernels make machine-dependent;
     * over the compared steps that stays far below a float32 ulp, but it can still round an
     * observation to the neighbouring float32: {@link #NUMPY_OBSERVATION_TOLERANCE} allows that.
     */
    public double observationTolerance() {
        return observationTolerance;
    }

    /** Every case, on every env id, in a fixed order. */
    public List<ContractCase> cases() {
        List<ContractCase> out = new ArrayList<>();
        for (String id : envIds) {
            EnvCases c = new EnvCases(this, id);
            add(out, "reset_withSeed_observationInSpaceAndInfoNotNull", id, c::resetWithSeed);
            add(out, "reset_sameSeed_sameTrajectoryAsLocalEnv", id, c::sameTrajectoryAsLocal);
            add(out, "reset_sameSeed_sameTrajectoryTwice", id, c::sameTrajectoryTwice);
            add(out, "reset_differentSeeds_differentObservations", id, c::differentSeeds);
            add(out, "step_beforeReset_failsWithFailedPrecondition", id, c::stepBeforeReset);
            add(
                    out,
                    "step_randomEpisode_observationsInSpaceUntilDoneWithinLimit",
                    id,
                    c::randomEpisode);
            add(out, "step_maxEpisodeStepsKwarg_truncatesThere", id, c::maxEpisodeStepsKwarg);
            add(
                    out,
                    "step_afterEpisodeEnd_failsWithFailedPreconditionUntilReset",
                    id,
                    c::stepAfterEpisodeEnd);
            add(
                    out,
                    "step_invalidActions_failWithInvalidArgumentAndEnvKeepsWorking",
                    id,
                    c::invalidActions);
            add(out, "step_boxActionOutsideBounds_isClippedByTheEnv", id, c::boxActionClipped);
            add(out, "reset_negativeSeed_failsWithInvalidArgument", id, c::negativeSeed);
            add(out, "spec_matchesRegistration", id, c::specMatchesRegistration);
            add(out, "close_twice_isFine", id, c::closeTwice);
        }
        return out;
    }

    /** A body that passes without a note. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private static void add(List<ContractCase> out, String name, String envId, Check check) {
        out.add(
                ContractCase.of(
                        name + "[" + envId + "]",
                        () -> {
                            check.run();
                            return "";
                        }));
    }

    Env<Object, Object> open(String envId, Map<String, Object> kwargs) {
        return opener.open(envId, kwargs);
    }

    /** Whether there is a reference env of {@code envId} to compare with. */
    boolean hasReference(String envId) {
        return referenceEnvs.contains(envId);
    }

    /** A fresh reference env of {@code envId}, made with its default kwargs. */
    Env<Object, Object> reference(String envId) {
        return referenceEnvs.make(envId, Map.of());
    }

    /** The registration of the reference env of {@code envId}. */
    EnvSpec referenceSpec(String envId) {
        return referenceEnvs.spec(envId);
    }

    /** Settings of an {@link EnvContract}. */
    public static final class Builder {
        private EnvOpener opener;
        private List<String> envIds = BUNDLED_ENV_IDS;
        private double observationTolerance = 0;
        private EnvRegistry referenceEnvs;

        private Builder() {}

        /** How to open the envs under test (required). */
        public Builder setOpener(EnvOpener opener) {
            this.opener = opener;
            return this;
        }

        /** The env ids to run the cases on; by default {@link #BUNDLED_ENV_IDS}. */
        public Builder optEnvIds(List<String> envIds) {
            this.envIds = List.copyOf(envIds);
            return this;
        }

        /** See {@link EnvContract#observationTolerance()}; 0 (exact) by default. */
        public Builder optObservationTolerance(double tolerance) {
            this.observationTolerance = tolerance;
            return this;
        }

        /**
         * The envs the trajectories and specs are compared with; by default {@link
         * EnvRegistry#withProviders()} (the bundled envs, when they are on the class path). Cases
         * that need a reference env skip env ids it does not have.
         */
        public Builder optReferenceEnvs(EnvRegistry referenceEnvs) {
            this.referenceEnvs = referenceEnvs;
            return this;
        }

        /**
         * The contract.
         *
         * @throws IllegalArgumentException naming the setting that is missing or wrong
         */
        public EnvContract build() {
            if (opener == null) {
                throw new IllegalArgumentException("opener is required (setOpener)");
            }
            if (envIds.isEmpty()) {
                throw new IllegalArgumentException("envIds must not be empty");
            }
            if (!(observationTolerance >= 0) || Double.isInfinite(observationTolerance)) {
                throw new IllegalArgumentException(
                        "observationTolerance must be finite and >= 0, got "
                                + observationTolerance);
            }
            if (referenceEnvs == null) {
                referenceEnvs = EnvRegistry.withProviders();
            }
            return new EnvContract(this);
        }
    }
}
