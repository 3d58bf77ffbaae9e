package io.gymbridge.env;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The registration data of an env, as {@code gymnasium.envs.registration.EnvSpec}.
 *
 * @param id the env id, e.g. {@code CartPole-v1}
 * @param maxEpisodeSteps the TimeLimit, if any
 * @param rewardThreshold the average return at which the task counts as solved, if any
 * @param nondeterministic true if seeding does not make the env deterministic
 */
public record EnvSpec(
        String id,
        OptionalInt maxEpisodeSteps,
        OptionalDouble rewardThreshold,
        boolean nondeterministic) {

    /** A spec with just an id. */
    public static EnvSpec of(String id) {
        return new EnvSpec(id, OptionalInt.empty(), OptionalDouble.empty(), false);
    }

    /** This spec with another TimeLimit. */
    public EnvSpec withMaxEpisodeSteps(int steps) {
        return new EnvSpec(id, OptionalInt.of(steps), rewardThreshold, nondeterministic);
    }
}
