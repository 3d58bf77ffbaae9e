package io.gymbridge.examples.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.envs.mujoco.Mujoco;
import io.gymbridge.envs.mujoco.MujocoLibrary;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReachingArmTest {
    private static final Path MODEL = Path.of("models/arm.xml");

    @BeforeEach
    void mujoco() {
        MujocoLibrary.unavailableReason()
                .ifPresent(
                        why -> {
                            if ("true".equals(System.getenv("CI"))) {
                                throw new AssertionError("CI=true: MuJoCo must be usable: " + why);
                            }
                            Assumptions.abort("needs MuJoCo: " + why);
                        });
    }

    @Test
    void controller_bringsTheFingertipToTheTarget() {
        double last = ReachingArm.run(MODEL, 400);
        assertTrue(-last < 0.01, "still " + (-last) + " m away");
    }

    @Test
    void servedModel_reachedByUrlWithSensorObservations() {
        System.setProperty(Mujoco.MODELS_PROPERTY, MODEL.toAbsolutePath().getParent().toString());
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0));
                Env<Tensor, Tensor> env =
                        Envs.make(
                                "grpc://127.0.0.1:"
                                        + server.port()
                                        + "/MJCF-v0?model=arm.xml&observation=sensors")) {
            Tensor obs = env.reset(0L).observation();
            assertEquals(7, obs.toDoubleArray().length, "2 + 2 joint sensors, 3 for framepos");
            // sensors are computed at the start of mj_step (MuJoCo's order), so they show the
            // motion from the second step on
            Tensor push = Tensor.of(DType.FLOAT32, new int[] {2}, new float[] {1f, -1f});
            env.step(push);
            Tensor next = env.step(push).observation();
            assertTrue(
                    next.toDoubleArray()[2] > 0,
                    "the shoulder turns with a positive torque: " + next);
        } finally {
            System.clearProperty(Mujoco.MODELS_PROPERTY);
        }
    }
}
