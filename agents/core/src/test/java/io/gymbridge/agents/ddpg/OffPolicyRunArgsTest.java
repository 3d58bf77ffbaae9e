package io.gymbridge.agents.ddpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.run.ConfigBinder;
import io.gymbridge.agents.run.Experiment;
import io.gymbridge.agents.run.RunArgs;
import io.gymbridge.agents.sac.Sac;
import io.gymbridge.agents.td3.Td3;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The off-policy configs through the run tooling, as ConfigBinderTest checks the registered
 * algorithms: defaults round-trip, and the run grammar (snake_case, --hid, --act) binds.
 */
class OffPolicyRunArgsTest {

    @Test
    void offPolicyAlgorithms_defaultsRoundTripAndFlagsBind() {
        for (Algorithm<?> algorithm : List.of(Ddpg.ALGORITHM, Td3.ALGORITHM, Sac.ALGORITHM)) {
            String name = algorithm.name();
            assertEquals(algorithm.defaultConfig(), ConfigBinder.bind(algorithm, Map.of()), name);
            RunArgs args =
                    RunArgs.parse(
                            "--env",
                            "Pendulum-v1",
                            "--hid",
                            "[8]",
                            "--act",
                            "tanh",
                            "--seed",
                            "3",
                            "--batch_size",
                            "64",
                            "--epochs",
                            "1",
                            "2");
            List<? extends Experiment<?>> plan = args.grid(name).plan(algorithm);
            assertEquals(2, plan.size(), name);
            assertEquals(3, plan.get(0).seed(), name);
            var tree = ConfigBinder.tree(plan.get(1).config());
            assertEquals("[8]", tree.at("/ac_kwargs/hidden_sizes").toString(), name);
            assertEquals("tanh", tree.at("/ac_kwargs/activation").textValue(), name);
            assertEquals(64, tree.get("batch_size").intValue(), name);
            assertEquals(2, tree.get("epochs").intValue(), name);
            String bad =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            RunArgs.parse("--env", "X", "--polyak", "2")
                                                    .grid(name)
                                                    .plan(algorithm))
                            .getMessage();
            assertTrue(bad.contains("polyak must be in"), bad);
        }
    }
}
