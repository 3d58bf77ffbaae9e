package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
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
}
