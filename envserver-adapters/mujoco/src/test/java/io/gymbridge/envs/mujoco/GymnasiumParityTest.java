package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MuJoCo envs against the episodes Gymnasium 1.4.0 recorded on the same libmujoco 2.2.2: the
 * seeded reset bit for bit, then every step open-loop (replaying the recorded actions) and
 * teacher-forced (from the recorded state before it), comparing observation, reward, flags, info
 * terms and the MuJoCo state exactly: on the same MuJoCo build the arithmetic is the same.
 * HumanoidStandup, which the reference set lacks, is compared with episodes of Gymnasium's own code
 * recorded here ({@link ReferenceEpisodes}).
 */
class GymnasiumParityTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @BeforeEach
    void mujoco() {
        MujocoTesting.requireMujoco();
    }

    static java.util.List<String> ids() {
        return Mujoco.gymnasiumIds();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void episodes_openLoopAndTeacherForced_matchGymnasiumExactly(String id) {
        int steps = 0;
        for (JsonNode episode : ReferenceEpisodes.load(id)) {
            steps += openLoop(id, episode);
            teacherForced(id, episode);
        }
        assertTrue(steps >= 2, "compared " + steps + " steps");
    }

    private static int openLoop(String id, JsonNode e) {
        String where = id + " seed " + e.get("seed");
        try (Env<Tensor, Tensor> env = REGISTRY.make(id, Map.of())) {
            MjSim sim = ((MujocoEnv) env.unwrapped()).sim();
            Reset<Tensor> r = env.reset(e.get("seed").asLong());
            assertArrayEquals(
                    ReferenceEpisodes.doubles(e.get("reset_qpos")), sim.qpos(), where + " qpos");
            assertArrayEquals(
                    ReferenceEpisodes.doubles(e.get("reset_qvel")), sim.qvel(), where + " qvel");
            assertArrayEquals(
                    ReferenceEpisodes.doubles(e.get("reset_qacc_warmstart")),
                    sim.dataField("qacc_warmstart").toDoubles(),
                    where + " qacc_warmstart");
            assertArrayEquals(
                    ReferenceEpisodes.doubles(e.get("reset_obs")),
                    r.observation().toDoubleArray(),
                    where + " reset obs");
            int n = e.get("steps").size();
            boolean copied = e.has("info_arrays");
            assertInfo(e.get("reset_info"), r.info(), sim, copied || n == 0, where + " reset info");
            int i = 0;
            for (JsonNode s : e.get("steps")) {
                Step<Tensor> step = env.step(action(s));
                assertStep(s, step, sim, copied || i == n - 1, where + " open-loop step " + i);
                i++;
            }
            return i;
        }
    }

    private static void teacherForced(String id, JsonNode e) {
        String where = id + " seed " + e.get("seed");
        try (Env<Tensor, Tensor> env = REGISTRY.make(id, Map.of())) {
            MjSim sim = ((MujocoEnv) env.unwrapped()).sim();
            env.reset(e.get("seed").asLong());
            JsonNode before = null;
            int i = 0;
            for (JsonNode s : e.get("steps")) {
                double[] qpos =
                        ReferenceEpisodes.doubles(
                                before == null ? e.get("reset_qpos") : before.get("qpos"));
                double[] qvel =
                        ReferenceEpisodes.doubles(
                                before == null ? e.get("reset_qvel") : before.get("qvel"));
                double[] warm =
                        ReferenceEpisodes.doubles(
                                before == null
                                        ? e.get("reset_qacc_warmstart")
                                        : before.get("qacc_warmstart"));
                sim.setQposQvel(qpos, qvel);
                sim.dataField("qacc_warmstart").set(warm);
                sim.setTime(
                        ReferenceEpisodes.number(
                                before == null ? e.get("reset_time") : before.get("time")));
                Step<Tensor> step = env.step(action(s));
                assertStep(
                        s,
                        step,
                        sim,
                        e.has("info_arrays") || i == e.get("steps").size() - 1,
                        where + " teacher-forced step " + i);
                before = s;
                i++;
            }
        }
    }

    private static Tensor action(JsonNode s) {
        double[] a = ReferenceEpisodes.doubles(s.get("action"));
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return Tensor.of(DType.FLOAT32, new int[] {f.length}, f);
    }

    private static void assertStep(
            JsonNode s, Step<Tensor> step, MjSim sim, boolean exactArrays, String where) {
        assertArrayEquals(ReferenceEpisodes.doubles(s.get("qpos")), sim.qpos(), where + " qpos");
        assertArrayEquals(ReferenceEpisodes.doubles(s.get("qvel")), sim.qvel(), where + " qvel");
        assertArrayEquals(
                ReferenceEpisodes.doubles(s.get("obs")),
                step.observation().toDoubleArray(),
                where + " obs");
        assertEquals(ReferenceEpisodes.number(s.get("reward")), step.reward(), where + " reward");
        assertEquals(s.get("terminated").asBoolean(), step.terminated(), where + " terminated");
        assertEquals(s.get("truncated").asBoolean(), step.truncated(), where + " truncated");
        assertEquals(ReferenceEpisodes.number(s.get("time")), sim.time(), where + " time");
        assertInfo(s.get("info"), step.info(), sim, exactArrays, where + " info");
    }

    /**
     * Compares info terms. Numbers exactly; arrays ({@code tendon_length}, {@code tendon_velocity}
     * of the humanoids' v5) only where the recording can say what they were: Gymnasium puts live
     * views of mjData in info, and the recorder serialized them after the episode, so every step of
     * a file holds the values of the episode's last state. There they are compared exactly; before,
     * they must be copies of the env's current mjData arrays.
     */
    private static void assertInfo(
            JsonNode expected,
            Map<String, Object> actual,
            MjSim sim,
            boolean exactArrays,
            String where) {
        assertEquals(expected.size(), actual.size(), where + ": " + actual.keySet());
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            Object v = actual.get(key);
            if (expected.get(key).isArray()) {
                assertTrue(v instanceof Tensor, where + " " + key + " = " + v);
                double[] got = ((Tensor) v).toDoubleArray();
                double[] want =
                        exactArrays
                                ? ReferenceEpisodes.doubles(expected.get(key))
                                : sim.dataField(LIVE_VIEWS.get(key)).toDoubles();
                assertArrayEquals(want, got, where + " " + key);
                continue;
            }
            assertTrue(v instanceof Number, where + " " + key + " = " + v);
            assertEquals(
                    ReferenceEpisodes.number(expected.get(key)),
                    ((Number) v).doubleValue(),
                    where + " " + key);
        }
    }

    /** The mjData arrays behind Gymnasium's array-valued info terms. */
    private static final Map<String, String> LIVE_VIEWS =
            Map.of("tendon_length", "ten_length", "tendon_velocity", "ten_velocity");
}
