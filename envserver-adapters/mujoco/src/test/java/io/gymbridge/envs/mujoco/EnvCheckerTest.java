package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.EnvChecker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gymnasium's check_env, as {@code ./gymbridge check ID} runs it, passes on every MuJoCo env. */
class EnvCheckerTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    static List<String> ids() {
        return Mujoco.gymnasiumIds();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void check_everyMujocoEnv_passes(String id) {
        MujocoTesting.requireMujoco();
        CheckReport report = EnvChecker.check(() -> REGISTRY.make(id, Map.of()));
        assertTrue(report.allPassed(), id + ": " + report.failures());
    }
}
