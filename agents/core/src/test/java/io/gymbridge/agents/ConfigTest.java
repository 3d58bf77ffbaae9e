package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.config.Hyperparameters;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spinning Up's names and defaults, and the snake_case JSON the run command binds flags with. */
class ConfigTest {
    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void ppo_defaultsAreSpinningUps() {
        Ppo.Config c = Ppo.ALGORITHM.defaultConfig();
        assertEquals(
                new Ppo.Config(
                        new AcKwargs(List.of(64, 64), "tanh"),
                        0,
                        4000,
                        50,
                        0.99,
                        0.2,
                        3e-4,
                        1e-3,
                        80,
                        80,
                        0.97,
                        1000,
                        0.01,
                        10,
                        1,
                        0),
                c);
        assertEquals(
                Set.of(
                        "ac_kwargs",
                        "seed",
                        "steps_per_epoch",
                        "epochs",
                        "gamma",
                        "clip_ratio",
                        "pi_lr",
                        "vf_lr",
                        "train_pi_iters",
                        "train_v_iters",
                        "lam",
                        "max_ep_len",
                        "target_kl",
                        "save_freq",
                        "num_envs",
                        "env_groups"),
                fieldNames(c));
    }

    @Test
    void vpgAndTrpo_namesAreSpinningUps() {
        assertEquals(
                Set.of(
                        "ac_kwargs",
                        "seed",
                        "steps_per_epoch",
                        "epochs",
                        "gamma",
                        "pi_lr",
                        "vf_lr",
                        "train_v_iters",
                        "lam",
                        "max_ep_len",
                        "save_freq",
                        "num_envs",
                        "env_groups"),
                fieldNames(Vpg.ALGORITHM.defaultConfig()));
        Trpo.Config t = Trpo.ALGORITHM.defaultConfig();
        assertEquals(
                Set.of(
                        "ac_kwargs",
                        "seed",
                        "steps_per_epoch",
                        "epochs",
                        "gamma",
                        "delta",
                        "vf_lr",
                        "train_v_iters",
                        "damping_coeff",
                        "cg_iters",
                        "backtrack_iters",
                        "backtrack_coeff",
                        "lam",
                        "max_ep_len",
                        "save_freq",
                        "algo",
                        "num_envs",
                        "env_groups"),
                fieldNames(t));
        assertEquals(0.01, t.delta());
        assertEquals(0.1, t.dampingCoeff());
        assertEquals(10, t.cgIters());
        assertEquals(10, t.backtrackIters());
        assertEquals(0.8, t.backtrackCoeff());
        assertEquals("trpo", t.algo());
    }

    @Test
    void configs_roundTripThroughSnakeCaseJson() throws Exception {
        Ppo.Config ppo = Hyperparameters.with(TinyConfigs.ppo(), Map.of("clip_ratio", 0.1));
        assertEquals(ppo, SNAKE.treeToValue(SNAKE.valueToTree(ppo), Ppo.Config.class));
        Trpo.Config trpo = Hyperparameters.with(TinyConfigs.trpo(), Map.of("algo", "npg"));
        assertEquals(trpo, SNAKE.treeToValue(SNAKE.valueToTree(trpo), Trpo.Config.class));
        Vpg.Config vpg = TinyConfigs.vpg();
        assertEquals(vpg, SNAKE.treeToValue(SNAKE.valueToTree(vpg), Vpg.Config.class));
    }

    private static Set<String> fieldNames(Record config) {
        ObjectNode tree = SNAKE.valueToTree(config);
        java.util.Set<String> names = new java.util.HashSet<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
