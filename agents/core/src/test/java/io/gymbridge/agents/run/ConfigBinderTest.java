package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.Algorithms;
import io.gymbridge.agents.RunContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

    /** A config with a renamed component, as Ppo's train_v_iters. */
    record Renamed(@JsonProperty("train_v_iters") int trainVIters, double piLr) {}

    private static final Algorithm<Renamed> RENAMED =
            new Algorithm<>() {
                @Override
                public String name() {
                    return "renamed";
                }

                @Override
                public Class<Renamed> configType() {
                    return Renamed.class;
                }

                @Override
                public Renamed defaultConfig() {
                    return new Renamed(80, 3e-4);
                }

                @Override
                public void train(Renamed config, RunContext run) {}
            };

    @Test
    void tree_recordComponentsOnly_snakeCaseOrJsonProperty() {
        assertEquals(
                "{\"seed\":0,\"steps_per_epoch\":4000,\"epochs\":50,\"clip_ratio\":0.2,"
                        + "\"ac_kwargs\":{\"hidden_sizes\":[64,64],\"activation\":\"tanh\"},"
                        + "\"num_envs\":1,\"normalize\":false}",
                ConfigBinder.tree(new FakeAlgorithm().defaultConfig()).toString());
        assertEquals(
                "{\"train_v_iters\":80,\"pi_lr\":3.0E-4}",
                ConfigBinder.tree(RENAMED.defaultConfig()).toString());
    }

    @Test
    void bind_overridesOnTopOfDefaults() {
        assertEquals(new Renamed(5, 3e-4), ConfigBinder.bind(RENAMED, Map.of("train_v_iters", 5)));
        assertEquals(RENAMED.defaultConfig(), ConfigBinder.bind(RENAMED, Map.of()));
        String e =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConfigBinder.bind(RENAMED, Map.of("train_v_iter", 5)))
                        .getMessage();
        assertEquals("train_v_iter: unknown key for renamed; its keys are pi_lr, train_v_iters", e);
    }

    @Test
    void defaultFlags_asTyped() {
        assertEquals(
                Map.of("train_v_iters", "80", "pi_lr", "0.0003"),
                ConfigBinder.defaultFlags(RENAMED));
        assertEquals(
                "[64,64]",
                ConfigBinder.defaultFlags(new FakeAlgorithm()).get("ac_kwargs:hidden_sizes"));
    }

    /** The real algorithms' configs: defaults round-trip, and the run grammar types onto them. */
    @Test
    void realAlgorithms_defaultsRoundTripAndFlagsBind() {
        for (String name : Algorithms.names()) {
            Algorithm<?> algorithm = Algorithms.get(name);
            assertEquals(algorithm.defaultConfig(), ConfigBinder.bind(algorithm, Map.of()), name);
            RunArgs args =
                    RunArgs.parse(
                            "--env",
                            "CartPole-v1",
                            "--hid",
                            "[8]",
                            "--act",
                            "relu",
                            "--seed",
                            "3",
                            "--epochs",
                            "1",
                            "2");
            List<? extends Experiment<?>> plan = args.grid(name).plan(algorithm);
            assertEquals(2, plan.size(), name);
            assertEquals(3, plan.get(0).seed(), name);
            var tree = ConfigBinder.tree(plan.get(1).config());
            assertEquals("[8]", tree.at("/ac_kwargs/hidden_sizes").toString(), name);
            assertEquals("relu", tree.at("/ac_kwargs/activation").textValue(), name);
            assertEquals(2, tree.get("epochs").intValue(), name);
            String bad =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            RunArgs.parse("--env", "X", "--epochs", "0")
                                                    .grid(name)
                                                    .plan(algorithm))
                            .getMessage();
            assertTrue(bad.startsWith("--epochs: epochs must be"), bad);
        }
    }
}
