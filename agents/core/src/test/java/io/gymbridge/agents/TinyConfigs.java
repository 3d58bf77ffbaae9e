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

/** Configs of two tiny epochs for smoke tests: seconds, not minutes. */
public final class TinyConfigs {
    private TinyConfigs() {}

    static final Map<String, Object> SMALL = Map.of("hidden_sizes", List.of(16, 16));

    static final Map<String, Object> SMALL_RELU =
            Map.of("hidden_sizes", List.of(16, 16), "activation", "relu");

    private static final Map<String, Object> ON_POLICY =
            Map.of("steps_per_epoch", 200, "epochs", 2, "train_v_iters", 5, "ac_kwargs", SMALL);

    public static Ppo.Config ppo() {
        return Hyperparameters.with(
                Hyperparameters.of(Ppo.Config.class, ON_POLICY), Map.of("train_pi_iters", 5));
    }

    public static Vpg.Config vpg() {
        return Hyperparameters.of(Vpg.Config.class, ON_POLICY);
    }

    public static Trpo.Config trpo() {
        return Hyperparameters.of(Trpo.Config.class, ON_POLICY);
    }

    /** DDPG, TD3 or SAC: epochs of 200 steps, random actions for 100, then an update every 50. */
    static Map<String, Object> offPolicy(int epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps_per_epoch", 200);
        m.put("epochs", epochs);
        m.put("start_steps", 100);
        m.put("update_after", 100);
        m.put("update_every", 50);
        m.put("batch_size", 32);
        m.put("num_test_episodes", 1);
        m.put("max_ep_len", 100);
        m.put("ac_kwargs", SMALL_RELU);
        return m;
    }

    /** DDPG: epochs of 200 steps, random actions for 100, then an update every 50. */
    public static Ddpg.Config ddpg(int epochs) {
        return Hyperparameters.of(Ddpg.Config.class, offPolicy(epochs));
    }

    /** TD3, as {@link #ddpg}. */
    public static Td3.Config td3(int epochs) {
        return Hyperparameters.of(Td3.Config.class, offPolicy(epochs));
    }

    /** SAC, as {@link #ddpg}, with automatic entropy tuning. */
    public static Sac.Config sac(int epochs) {
        Map<String, Object> m = offPolicy(epochs);
        m.put("auto_alpha", true);
        return Hyperparameters.of(Sac.Config.class, m);
    }

    /** Trains {@code algo} for two tiny epochs. */
    public static void train(String algo, RunContext run) {
        train(algo, 2, run);
    }

    /** Trains {@code algo} for {@code epochs} tiny epochs (the on-policy ones: always two). */
    public static void train(String algo, int epochs, RunContext run) {
        switch (algo) {
            case "ddpg" -> Ddpg.train(ddpg(epochs), run);
            case "td3" -> Td3.train(td3(epochs), run);
            case "sac" -> Sac.train(sac(epochs), run);
            default -> trainOnPolicy(algo, run);
        }
    }

    private static void trainOnPolicy(String algo, RunContext run) {
        switch (algo) {
            case "ppo" -> Ppo.train(ppo(), run);
            case "vpg" -> Vpg.train(vpg(), run);
            case "trpo" -> Trpo.train(trpo(), run);
            case "npg" -> Trpo.train(Hyperparameters.with(trpo(), Map.of("algo", "npg")), run);
            default -> throw new IllegalArgumentException(algo);
        }
    }
}
