package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A remote vector env behaves exactly as the same SyncVectorEnv in this process. */
class RemoteVectorEnvTest {
    private static GymServer server;

    @BeforeAll
    static void start() {
        server = GymServer.start(ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void step_int32DiscreteActions_steppedByValue() {
        // a Discrete batch may be of any integer dtype (docs/protocol.md, section 6)
        String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1?num_envs=3";
        try (VectorEnv<Object, Object> remote = Envs.makeVector(url, 3)) {
            remote.reset(0);
            VectorStep<Object> r =
                    remote.step(
                            Tensor.of(
                                    io.gymbridge.env.DType.INT32,
                                    new int[] {3},
                                    new int[] {0, 1, 0}));
            assertEquals(3, r.rewards().length);
        }
    }

    @ParameterizedTest
    @EnumSource(AutoresetMode.class)
    void step_everyAutoresetMode_matchesLocalSyncVectorEnv(AutoresetMode mode) {
        String url =
                "grpc://127.0.0.1:"
                        + server.port()
                        + "/CartPole-v1?num_envs=4&max_episode_steps=15&autoreset_mode="
                        + mode.name().toLowerCase(java.util.Locale.ROOT);
        try (VectorEnv<Object, Object> remote =
                        RemoteVectorEnv.open(
                                EnvAddress.parse(url), Transport.STREAM, Duration.ofSeconds(10));
                VectorEnv<Object, Object> local =
                        EnvRegistry.withProviders()
                                .makeVector(
                                        "CartPole-v1", Map.of("max_episode_steps", 15), 4, mode)) {
            assertEquals(local.observationSpace(), remote.observationSpace());
            assertEquals(local.reset(10).observations(), remote.reset(10).observations());
            SplittableRandom rng = new SplittableRandom(0);
            int sawFinalObs = 0;
            for (int t = 0; t < 40; t++) {
                Object actions = remote.actionSpace().sample(rng);
                VectorStep<Object> l = local.step(actions);
                VectorStep<Object> r = remote.step(actions);
                assertEquals(l.observations(), r.observations(), "step " + t);
                assertArrayEquals(l.rewards(), r.rewards());
                assertArrayEquals(l.terminated(), r.terminated());
                assertArrayEquals(l.truncated(), r.truncated());
                assertEquals(l.infos(), r.infos());
                for (Map<String, Object> info : r.infos()) {
                    if (info.containsKey("final_obs")) {
                        assertTrue(info.get("final_obs") instanceof Tensor);
                        sawFinalObs++;
                    }
                }
                if (mode == AutoresetMode.DISABLED) {
                    boolean[] ended = new boolean[4];
                    boolean any = false;
                    for (int i = 0; i < 4; i++) {
                        ended[i] = r.terminated()[i] || r.truncated()[i];
                        any |= ended[i];
                    }
                    if (any) {
                        assertEquals(
                                local.reset(null, Map.of(), ended).observations(),
                                remote.reset(null, Map.of(), ended).observations());
                    }
                }
            }
            assertEquals(mode == AutoresetMode.SAME_STEP, sawFinalObs > 0);
        }
    }

    @Test
    void makeVector_url_opensBatchedSpaces() {
        try (VectorEnv<Object, Object> env =
                Envs.makeVector("grpc://127.0.0.1:" + server.port() + "/Pendulum-v1", 3)) {
            assertEquals(3, env.numEnvs());
            Tensor obs = (Tensor) env.reset(0).observations();
            assertArrayEquals(new int[] {3, 3}, obs.shape());
        }
    }

    @Test
    void stepAsync_thenStepWait_sameAsStep_andOneStepAtATime() {
        String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1?num_envs=3";
        try (VectorEnv<Object, Object> pipelined = Envs.makeVector(url, 3);
                VectorEnv<Object, Object> plain = Envs.makeVector(url, 3)) {
            pipelined.reset(5);
            plain.reset(5);
            SplittableRandom rng = new SplittableRandom(2);
            for (int t = 0; t < 30; t++) {
                Object actions = plain.actionSpace().sample(rng);
                pipelined.stepAsync(actions);
                // a second step, or any other call, before the first is received is refused
                EnvException twice =
                        assertThrows(EnvException.class, () -> pipelined.stepAsync(actions));
                assertEquals(EnvException.Code.FAILED_PRECONDITION, twice.code());
                assertEquals(
                        EnvException.Code.FAILED_PRECONDITION,
                        assertThrows(EnvException.class, () -> pipelined.reset(1)).code());
                VectorStep<Object> p = pipelined.stepWait();
                VectorStep<Object> q = plain.step(actions);
                assertEquals(q.observations(), p.observations(), "step " + t);
                assertArrayEquals(q.rewards(), p.rewards());
                assertArrayEquals(q.terminated(), p.terminated());
                assertArrayEquals(q.truncated(), p.truncated());
                assertEquals(q.infos(), p.infos());
            }
            EnvException none = assertThrows(EnvException.class, pipelined::stepWait);
            assertEquals(EnvException.Code.FAILED_PRECONDITION, none.code());
            assertTrue(none.getMessage().contains("stepAsync"), none.getMessage());
        }
    }

    @Test
    void stepAsync_badActions_refusedAtOnce_serverErrors_atStepWait() {
        String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1?num_envs=2";
        try (VectorEnv<Object, Object> env = Envs.makeVector(url, 2)) {
            Object actions = Tensor.ofLongs(0, 1);
            // the server refuses a step before the first reset: the answer comes with stepWait
            env.stepAsync(actions);
            EnvException beforeReset = assertThrows(EnvException.class, env::stepWait);
            assertEquals(EnvException.Code.FAILED_PRECONDITION, beforeReset.code());
            env.reset(0);
            EnvException bad =
                    assertThrows(EnvException.class, () -> env.stepAsync(Tensor.ofLongs(0, 7)));
            assertEquals(EnvException.Code.INVALID_ARGUMENT, bad.code());
            env.stepAsync(actions); // nothing was sent for the bad batch
            assertEquals(2, env.stepWait().rewards().length);
            env.stepAsync(actions); // closing with a step in flight takes its answer first
        }
    }

    @Test
    void makeVectorGroups_url_sessionsOfNearlyEqualSize_seededAsOneVector() {
        String url = "grpc://127.0.0.1:" + server.port() + "/CartPole-v1";
        List<VectorEnv<Object, Object>> groups = Envs.makeVectorGroups(url, 7, 3);
        try (VectorEnv<Object, Object> whole = Envs.makeVector(url, 7)) {
            assertEquals(List.of(3, 2, 2), groups.stream().map(VectorEnv::numEnvs).toList());
            float[] expected = ((Tensor) whole.reset(40).observations()).toFloatArray();
            int offset = 0;
            for (VectorEnv<Object, Object> g : groups) {
                float[] got = ((Tensor) g.reset(40L + offset).observations()).toFloatArray();
                assertArrayEquals(
                        java.util.Arrays.copyOfRange(expected, offset * 4, offset * 4 + got.length),
                        got);
                offset += g.numEnvs();
            }
            IllegalArgumentException tooMany =
                    assertThrows(
                            IllegalArgumentException.class, () -> Envs.makeVectorGroups(url, 2, 3));
            assertTrue(tooMany.getMessage().contains("[1, 2]"), tooMany.getMessage());
        } finally {
            groups.forEach(VectorEnv::close);
        }
    }
}
