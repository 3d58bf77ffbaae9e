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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MuJoCo envs against the episodes Gymnasium 1.4.0 recorded on the same libmujoco 2.2.2: the
 * seeded reset bit for bit, then every step open-loop (replaying the recorded actions) and
 * teacher-forced (from the recorded state before it), comparing observation, reward, flags, info
 * terms (keys in Gymnasium's order) and the MuJoCo state within {@link #TOLERANCE} (on this build
 * of libmujoco and glibc they are bit-identical; a mutation of one float32 rounding fails it).
 */
class GymnasiumParityTest {
    /**
     * How far a stepped value may be from Gymnasium's. MuJoCo and the envs' sines and cosines call
     * the C library, whose functions glibc picks by CPU (FMA or not), so another machine may differ
     * in a last bit; 1e-12 is the bar. The seeded resets are compared exactly: they are the
     * model's initial state plus NumPy-exact draws.
     */
    private static final double TOLERANCE = 1e-12;

    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @BeforeEach
    void mujoco() {
        MujocoTesting.requireMujoco();
    }

    static List<String> ids() {
        return Mujoco.gymnasiumIds();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void episodes_openLoopAndTeacherForced_matchGymnasium(String id) {
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
            assertClose(
                    ReferenceEpisodes.doubles(e.get("reset_qacc_warmstart")),
                    sim.dataField("qacc_warmstart").toDoubles(),
                    where + " qacc_warmstart");
            assertClose(
                    ReferenceEpisodes.doubles(e.get("reset_obs")),
                    r.observation().toDoubleArray(),
                    where + " reset obs");
            assertInfo(e.get("reset_info"), r.info(), where + " reset info");
            int i = 0;
            for (JsonNode s : e.get("steps")) {
                Step<Tensor> step = env.step(action(s));
                assertStep(s, step, sim, where + " open-loop step " + i);
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
                assertStep(s, step, sim, where + " teacher-forced step " + i);
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

    private static void assertStep(JsonNode s, Step<Tensor> step, MjSim sim, String where) {
        assertClose(ReferenceEpisodes.doubles(s.get("qpos")), sim.qpos(), where + " qpos");
        assertClose(ReferenceEpisodes.doubles(s.get("qvel")), sim.qvel(), where + " qvel");
        assertClose(
                ReferenceEpisodes.doubles(s.get("obs")),
                step.observation().toDoubleArray(),
                where + " obs");
        assertClose(
                new double[] {ReferenceEpisodes.number(s.get("reward"))},
                new double[] {step.reward()},
                where + " reward");
        assertEquals(s.get("terminated").asBoolean(), step.terminated(), where + " terminated");
        assertEquals(s.get("truncated").asBoolean(), step.truncated(), where + " truncated");
        assertEquals(ReferenceEpisodes.number(s.get("time")), sim.time(), where + " time");
        assertInfo(s.get("info"), step.info(), where + " info");
    }

    private static void assertInfo(JsonNode expected, Map<String, Object> actual, String where) {
        List<String> keys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                keys, List.copyOf(actual.keySet()), where + ": the keys, in Gymnasium's order");
        for (String key : keys) {
            Object v = actual.get(key);
            assertTrue(v instanceof Number, where + " " + key + " = " + v);
            assertClose(
                    new double[] {ReferenceEpisodes.number(expected.get(key))},
                    new double[] {((Number) v).doubleValue()},
                    where + " " + key);
        }
    }

    /**
     * Within {@link #TOLERANCE} of the reference, relative (absolute below 1); on the same build of
     * libmujoco and glibc every value here is in fact bit-identical.
     */
    private static void assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where + " length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.compare(e, a) == 0) {
                continue;
            }
            boolean close = Math.abs(a - e) <= TOLERANCE * Math.max(1, Math.abs(e));
            assertTrue(close, where + "[" + i + "]: expected " + e + ", got " + a);
        }
    }
}
