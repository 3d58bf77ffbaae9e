package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** The MuJoCo tests' precondition: skip with what to install, but fail under CI=true. */
final class MujocoTesting {
    private MujocoTesting() {}

    /** Skips the calling test (fails it under CI=true) if MuJoCo cannot be used here. */
    static void requireMujoco() {
        MujocoLibrary.unavailableReason()
                .ifPresent(
                        why -> {
                            if ("true".equals(System.getenv("CI"))) {
                                fail("CI=true: the MuJoCo tests must run, but " + why);
                            }
                            Assumptions.abort("MuJoCo tests skipped: " + why);
                        });
    }

    /** Skips the calling test (fails it under CI=true) if MuJoCo cannot render here. */
    static void requireRendering() {
        requireMujoco();
        MujocoLibrary.get()
                .renderingUnavailableReason()
                .ifPresent(
                        why -> {
                            if ("true".equals(System.getenv("CI"))) {
                                fail("CI=true: the MuJoCo rendering tests must run, but " + why);
                            }
                            Assumptions.abort("MuJoCo rendering tests skipped: " + why);
                        });
    }
}
