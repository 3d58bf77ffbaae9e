package io.gymbridge.agents;

import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.ddpg.Ddpg;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.sac.Sac;
import io.gymbridge.agents.td3.Td3;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configs of tiny epochs for smoke and contract tests: seconds, not minutes. */
public final class TinyConfigs {
    private TinyConfigs() {}

    /** Whether {@code algo} is one of the off-policy algorithms (a replay buffer, Box actions). */
    public static boolean offPolicy(String algo) {
        return Hyperparameters.tree(Algorithms.get(algo).defaultConfig()).has("replay_size");
    }

    /**
     * {@code algo}'s defaults made tiny: epochs of 200 env steps, networks of (16, 16), a
     * checkpoint every epoch; off-policy, random actions for 100 steps, then an update phase every
     * 50, one test episode of at most 100 steps; SAC with automatic entropy tuning.
     */
    public static Record config(String algo, int epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps_per_epoch", 200);
        m.put("epochs", epochs);
        m.put("save_freq", 1);
        if (offPolicy(algo)) {
            m.put("start_steps", 100);
            m.put("update_after", 100);
            m.put("update_every", 50);
            m.put("batch_size", 32);
            m.put("num_test_episodes", 1);
            m.put("max_ep_len", 100);
            m.put("ac_kwargs", Map.of("hidden_sizes", List.of(16, 16), "activation", "relu"));
        } else {
            m.put("train_v_iters", 5);
            m.put("ac_kwargs", Map.of("hidden_sizes", List.of(16, 16)));
        }
        if (algo.equals("ppo")) {
            m.put("train_pi_iters", 5);
        }
        if (algo.equals("sac")) {
            m.put("auto_alpha", true);
        }
        return Hyperparameters.with(Algorithms.get(algo).defaultConfig(), m);
    }

    public static Ppo.Config ppo() {
        return (Ppo.Config) config("ppo", 2);
    }

    public static Vpg.Config vpg() {
        return (Vpg.Config) config("vpg", 2);
    }

    public static Trpo.Config trpo() {
        return (Trpo.Config) config("trpo", 2);
    }

    public static Ddpg.Config ddpg(int epochs) {
        return (Ddpg.Config) config("ddpg", epochs);
    }

    public static Td3.Config td3(int epochs) {
        return (Td3.Config) config("td3", epochs);
    }

    public static Sac.Config sac(int epochs) {
        return (Sac.Config) config("sac", epochs);
    }

    /** Trains {@code algo} for two tiny epochs. */
    public static void train(String algo, RunContext run) {
        train(algo, 2, run);
    }

    /** Trains {@code algo} for {@code epochs} tiny epochs. */
    public static void train(String algo, int epochs, RunContext run) {
        train(Algorithms.get(algo), config(algo, epochs), run);
    }

    /** Trains {@code algo} for two tiny epochs with some hyperparameters changed (snake_case). */
    public static void train(String algo, Map<String, Object> overrides, RunContext run) {
        train(Algorithms.get(algo), Hyperparameters.with(config(algo, 2), overrides), run);
    }

    private static <C extends Record> void train(Algorithm<C> algorithm, Record c, RunContext run) {
        algorithm.train(algorithm.configType().cast(c), run);
    }
}
