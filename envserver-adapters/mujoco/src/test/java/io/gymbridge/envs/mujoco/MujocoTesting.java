package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The MuJoCo tests' preconditions: skip with what to install, but fail under CI=true. */
final class MujocoTesting {
    private MujocoTesting() {}

    /** Skips the calling test (fails it under CI=true) if MuJoCo cannot be used here. */
    static void requireMujoco() {
        require("MuJoCo tests", MujocoLibrary.unavailableReason());
    }

    /** Skips the calling test (fails it under CI=true) if MuJoCo cannot render here. */
    static void requireRendering() {
        requireMujoco();
        require("MuJoCo rendering tests", MujocoLibrary.get().renderingUnavailableReason());
    }

    private static void require(String tests, Optional<String> unavailable) {
        unavailable.ifPresent(
                why -> {
                    if ("true".equals(System.getenv("CI"))) {
                        fail("CI=true: the " + tests + " must run, but " + why);
                    }
                    Assumptions.abort(tests + " skipped: " + why);
                });
    }
}
