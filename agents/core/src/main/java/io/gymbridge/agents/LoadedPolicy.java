package io.gymbridge.agents;

/**
 * A policy loaded from a run's checkpoint by {@link SavedPolicies#load}.
 *
 * @param policy the policy (plain Java, no DJL engine needed); close it when done
 * @param env the env id or URL the run trained on
 * @param epoch the epoch (0-based, as progress.txt's Epoch column) after which it was saved
 */
public record LoadedPolicy(Policy policy, String env, int epoch) {}
