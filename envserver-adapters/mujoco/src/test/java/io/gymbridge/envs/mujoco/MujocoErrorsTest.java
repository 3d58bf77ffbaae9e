package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing MuJoCo does takes the JVM down: bad models, MuJoCo's fatal errors and its warnings become
 * clear errors or info, and the env (and every other) goes on after a reset.
 */
class MujocoErrorsTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @TempDir Path dir;

    @BeforeEach
    void mujoco() {
        MujocoTesting.requireMujoco();
    }

    @Test
    void load_missingFile_invalidArgumentNamingIt() {
        EnvException e =
                assertThrows(EnvException.class, () -> MjSim.load(dir.resolve("nope.xml")));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("nope.xml"), e.getMessage());
    }

    @Test
    void load_malformedModel_invalidArgumentWithMujocosMessage() throws Exception {
        Path bad = write("bad.xml", "<mujoco><worldbody><geom type='sphere'/></worldbody>");
        EnvException e = assertThrows(EnvException.class, () -> MjSim.load(bad));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("MuJoCo cannot load"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("xml"), e.getMessage());
        Path unknownJoint =
                write(
                        "joint.xml",
                        "<mujoco><worldbody><body><geom size='.1'/></body></worldbody>"
                                + "<actuator><motor joint='missing'/></actuator></mujoco>");
        EnvException j = assertThrows(EnvException.class, () -> MjSim.load(unknownJoint));
        assertTrue(j.getMessage().contains("missing"), j.getMessage());
    }

    @Test
    void step_stackOverflowInsideMujoco_internalWithItsMessage_thenResetWorksAndOthersGoOn()
            throws Exception {
        // 30 balls falling onto a plane: loading fits in 8000 bytes of MuJoCo's stack, the
        // contacts after about 200 steps do not (measured on libmujoco 2.2.2)
        StringBuilder bodies = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            bodies.append("<body pos='")
                    .append(0.01 * i)
                    .append(" 0 ")
                    .append(1 + 0.3 * i)
                    .append("'><freejoint/><geom size='.1'/></body>");
        }
        Path tiny =
                write(
                        "tiny.xml",
                        "<mujoco><size nstack='8000'/><worldbody><geom type='plane' size='5 5"
                                + " .1'/>"
                                + bodies
                                + "</worldbody></mujoco>");
        try (MjcfEnv env = MjcfEnv.open(tiny, 1, false, null);
                Env<Tensor, Tensor> other = REGISTRY.make("InvertedPendulum-v5", Map.of())) {
            other.reset(0L);
            EnvException e = null;
            env.reset(0L);
            Tensor none = Tensor.of(DType.FLOAT32, new int[] {0}, new float[0]);
            for (int i = 0; i < 2000 && e == null; i++) {
                try {
                    env.step(none);
                } catch (EnvException caught) {
                    e = caught;
                }
            }
            assertTrue(e != null, "a stack of 8000 bytes should not be enough");
            assertEquals(EnvException.Code.INTERNAL, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("MuJoCo error"), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("stack"), e.getMessage());
            // the other env, and this process, go on
            Step<Tensor> s = other.step(Tensor.of(DType.FLOAT32, new int[] {1}, new float[] {0f}));
            assertEquals(4, s.observation().toDoubleArray().length);
            EnvException again =
                    assertThrows(
                            EnvException.class,
                            () -> env.step(Tensor.of(DType.FLOAT32, new int[] {0}, new float[0])));
            assertEquals(EnvException.Code.FAILED_PRECONDITION, again.code());
            env.reset(0L); // the reset state fits again
            env.step(none);
        }
    }

    @Test
    void step_unstableSimulation_warningInInfoAndStateStaysFinite() throws Exception {
        Path wild =
                write(
                        "wild.xml",
                        "<mujoco><option timestep='0.01'/><worldbody><body><joint name='j'"
                                + " type='slide'/><geom size='.1' mass='1e-9'/></body></worldbody>"
                                + "<actuator><motor joint='j' gear='1e300'/></actuator></mujoco>");
        try (MjcfEnv env = MjcfEnv.open(wild, 1, false, null)) {
            env.reset(0L);
            Step<Tensor> s = env.step(Tensor.of(DType.FLOAT32, new int[] {1}, new float[] {1f}));
            assertTrue(s.info().containsKey("mujoco_warning"), s.info().toString());
            assertTrue(
                    String.valueOf(s.info().get("mujoco_warning")).contains("QACC"),
                    s.info().toString());
            for (double x : s.observation().toDoubleArray()) {
                assertTrue(Double.isFinite(x), "MuJoCo resets an unstable state");
            }
        }
    }

    @Test
    void make_modelByPathOrUnknownName_invalidArgumentNamingWhatIsAllowed() {
        for (String model : new String[] {"/etc/passwd", "../hopper.xml", "robot.xml"}) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> REGISTRY.make("MJCF-v0", Map.of("model", model)));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), model);
            assertTrue(e.getMessage().contains("bundled model"), e.getMessage());
        }
        try (Env<Tensor, Tensor> env = REGISTRY.make("MJCF-v0", Map.of("model", "hopper.xml"))) {
            assertEquals(12, env.reset(0L).observation().toDoubleArray().length);
        }
    }

    @Test
    void make_unknownOrMistypedKwarg_invalidArgument() {
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("Hopper-v5", Map.of("healthy_z_rnge", 1.0)));
        assertTrue(e.getMessage().contains("healthy_z_rnge"), e.getMessage());
        EnvException t =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("Hopper-v5", Map.of("healthy_z_range", "high")));
        assertTrue(t.getMessage().contains("healthy_z_range"), t.getMessage());
    }

    @Test
    void make_kwargOfTheOtherVersionOrUnknownBody_invalidArgument() {
        Map<String, Map<String, Object>> bad =
                Map.of(
                        "Ant-v4", Map.of("main_body", 1),
                        "Ant-v5", Map.of("use_contact_forces", true),
                        "Humanoid-v4", Map.of("contact_cost_weight", 1e-6),
                        "HumanoidStandup-v4", Map.of("ctrl_cost_weight", 0.2),
                        "Pusher-v4", Map.of("reward_near_weight", 1.0));
        bad.forEach(
                (id, kwargs) -> {
                    EnvException e =
                            assertThrows(EnvException.class, () -> REGISTRY.make(id, kwargs));
                    assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), id);
                    String name = kwargs.keySet().iterator().next();
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                });
        for (Object body : new Object[] {"nose", 14, -1}) {
            EnvException e =
                    assertThrows(
                            EnvException.class,
                            () -> REGISTRY.make("Ant-v5", Map.of("main_body", body)));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code(), String.valueOf(body));
            assertTrue(e.getMessage().contains(String.valueOf(body)), e.getMessage());
        }
    }

    private Path write(String name, String xml) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, xml);
        return p;
    }
}
