package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvRegistry;
import org.junit.jupiter.api.Test;

/** The MuJoCo envs are registered (with MuJoCo or without), and a server advertises MuJoCo. */
class RegistrationTest {
    @Test
    void registry_holdsGymnasiumsIdsAndMjcf_withTheirSpecs() {
        EnvRegistry registry = EnvRegistry.withProviders();
        for (String id : Mujoco.gymnasiumIds()) {
            assertTrue(registry.contains(id), id);
        }
        assertTrue(registry.contains(MjcfEnv.ID));
        assertEquals(1000, registry.spec("Hopper-v4").maxEpisodeSteps().getAsInt());
        assertEquals(3800.0, registry.spec("Hopper-v5").rewardThreshold().getAsDouble());
    }

    @Test
    void capabilities_nameMujocosVersion() {
        MujocoTesting.requireMujoco();
        assertTrue(
                EnvRegistry.withProviders().capabilities().contains("mujoco:2.2.2"),
                EnvRegistry.withProviders().capabilities().toString());
    }
}
