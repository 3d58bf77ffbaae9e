package io.gymbridge.agents.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.Algorithms;
import io.gymbridge.agents.ddpg.Ddpg;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.sac.Sac;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

    @Test
    void defaults_areSpinningUps() {
        Ppo.Config ppo = Hyperparameters.defaults(Ppo.Config.class);
        assertEquals(4000, ppo.stepsPerEpoch());
        assertEquals(0.2, ppo.clipRatio());
        assertEquals(3e-4, ppo.piLr());
        assertEquals(80, ppo.trainVIters());
        assertEquals(new AcKwargs(List.of(64, 64), "tanh"), ppo.acKwargs());
        assertEquals("trpo", Hyperparameters.defaults(Trpo.Config.class).algo());
        assertEquals(
                "npg",
                Algorithms.get("npg").defaultConfig() instanceof Trpo.Config t ? t.algo() : null);
        Ddpg.Config ddpg = Hyperparameters.defaults(Ddpg.Config.class);
        assertEquals(new AcKwargs(List.of(256, 256), "relu"), ddpg.acKwargs());
        assertEquals(1_000_000, ddpg.replaySize());
        assertEquals(0.995, ddpg.polyak());
        assertFalse(Hyperparameters.defaults(Sac.Config.class).autoAlpha());
    }

    @Test
    void everyAlgorithm_everyFlagHasADefaultAndADoc() {
        for (String name : Algorithms.names()) {
            Algorithm<?> a = Algorithms.get(name);
            Map<String, String> docs = Hyperparameters.docs(a.configType());
            var tree = Hyperparameters.tree(a.defaultConfig());
            assertEquals(
                    tree.size() + 1, // ac_kwargs: one tree key, two flags
                    docs.size(),
                    name + ": " + docs.keySet());
            docs.forEach((k, v) -> assertFalse(v.isBlank(), name + " " + k + " has no doc"));
            Hyperparameters.validate(a.defaultConfig());
        }
    }

    @Test
    void of_andWith_changeOnlyWhatTheyName() {
        Ppo.Config c =
                Hyperparameters.of(
                        Ppo.Config.class,
                        Map.of("epochs", 3, "ac_kwargs", Map.of("hidden_sizes", List.of(8))));
        assertEquals(3, c.epochs());
        assertEquals(new AcKwargs(List.of(8), "tanh"), c.acKwargs());
        assertEquals(4000, c.stepsPerEpoch());
        Ppo.Config d = Hyperparameters.with(c, Map.of("train_v_iters", 7));
        assertEquals(7, d.trainVIters());
        assertEquals(3, d.epochs());
        assertEquals(List.of(8), d.acKwargs().hiddenSizes());
    }

    @Test
    void checks_nameTheParameterTheRuleAndTheValue() {
        assertEquals("epochs must be >= 1, got 0", invalid(Vpg.Config.class, Map.of("epochs", 0)));
        assertEquals(
                "train_v_iters must be >= 0, got -1",
                invalid(Vpg.Config.class, Map.of("train_v_iters", -1)));
        assertEquals("pi_lr must be > 0, got 0.0", invalid(Vpg.Config.class, Map.of("pi_lr", 0.0)));
        assertEquals(
                "lam must be in [0.0, 1.0], got 1.01",
                invalid(Vpg.Config.class, Map.of("lam", 1.01)));
        assertEquals(
                "algo must be trpo or npg, got sgd",
                invalid(Trpo.Config.class, Map.of("algo", "sgd")));
        assertTrue(
                invalid(Ppo.Config.class, Map.of("ac_kwargs", Map.of("hidden_sizes", List.of(0))))
                        .contains("ac_kwargs.hidden_sizes[0] must be >= 1"));
        assertTrue(invalid(Ppo.Config.class, Map.of("clip_ratoi", 0.1)).contains("clip_ratoi"));
    }

    @Test
    void check_positiveRejectsInfinityAndNaN() {
        assertTrue(
                invalid(Sac.Config.class, Map.of("lr", Double.POSITIVE_INFINITY))
                        .startsWith("lr must be > 0"));
        assertTrue(invalid(Sac.Config.class, Map.of("lr", Double.NaN)).startsWith("lr must be"));
        assertTrue(
                invalid(Sac.Config.class, Map.of("gamma", Double.NaN)).startsWith("gamma must be"));
    }

    private static String invalid(Class<? extends Record> type, Map<String, ?> changes) {
        return assertThrows(IllegalArgumentException.class, () -> Hyperparameters.of(type, changes))
                .getMessage();
    }
}
