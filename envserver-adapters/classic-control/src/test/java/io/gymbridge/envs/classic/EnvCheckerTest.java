package io.gymbridge.envs.classic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.EnvChecker;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the Env API's compliance checks, rendering included, on the five envs as the registry makes
 * them.
 */
class EnvCheckerTest {

    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CartPole-v1",
                "Pendulum-v1",
                "MountainCar-v0",
                "MountainCarContinuous-v0",
                "Acrobot-v1"
            })
    void envChecker_registryMadeEnv_passesEveryCheck(String id) {
        CheckReport report =
                EnvChecker.builder()
                        .optCheckRender(true)
                        .build()
                        .run(() -> REGISTRY.make(id, Map.of("render_mode", "rgb_array")));
        assertTrue(report.allPassed(), report.toString());
    }
}
