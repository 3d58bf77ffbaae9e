package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.env.vector.VectorEnv;
import io.gymbridge.env.vector.VectorStep;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Steps safe to retry (issue 15): the client reconnects after a lost connection and sends the
 * numbered step again; the server answers a step it already applied from its cache. 10,000 steps
 * through a proxy that cuts every connection every few milliseconds match an in-process run step
 * for step: none lost, none applied twice.
 */
class ReconnectTest {

    @Test
    void connectionsCutDuringTenThousandSteps_noStepLostOrRepeated() throws Exception {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0));
                CuttingProxy proxy = new CuttingProxy(server.port())) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread cutter =
                    new Thread(
                            () -> {
                                while (running.get()) {
                                    try {
                                        TimeUnit.MICROSECONDS.sleep(
                                                ThreadLocalRandom.current()
                                                        .nextLong(2_000, 15_000));
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    proxy.cutAll();
                                }
                            });
            String url = "grpc://127.0.0.1:" + proxy.port() + "/CartPole-v1?num_envs=4";
            try (RemoteVectorEnv remote =
                            RemoteVectorEnv.open(
                                    EnvAddress.parse(url),
                                    Transport.STREAM,
                                    Duration.ofSeconds(20));
                    VectorEnv<Object, Object> local =
                            EnvRegistry.withProviders()
                                    .makeVector(
                                            "CartPole-v1", Map.of(), 4, AutoresetMode.NEXT_STEP)) {
                assertEquals(local.reset(7).observations(), remote.reset(7).observations());
                cutter.start();
                SplittableRandom rng = new SplittableRandom(11);
                for (int t = 0; t < 10_000; t++) {
                    Object actions = local.actionSpace().sample(rng);
                    VectorStep<Object> expected = local.step(actions);
                    VectorStep<Object> got;
                    if (t % 2 == 0) {
                        got = remote.step(actions);
                    } else {
                        remote.stepAsync(actions);
                        got = remote.stepWait();
                    }
                    assertArrayEquals(
                            ((Tensor) expected.observations()).toFloatArray(),
                            ((Tensor) got.observations()).toFloatArray(),
                            "step " + t);
                    assertArrayEquals(expected.rewards(), got.rewards(), "step " + t);
                    assertArrayEquals(expected.terminated(), got.terminated(), "step " + t);
                    assertArrayEquals(expected.truncated(), got.truncated(), "step " + t);
                }
                running.set(false);
                cutter.join();
                System.out.printf(
                        "ReconnectTest: 10,000 steps, %d cuts, %d steps sent again%n",
                        proxy.cuts(), remote.retries());
                assertTrue(
                        proxy.cuts() >= 20 && remote.retries() >= 10,
                        "the test must cut connections during the steps: "
                                + proxy.cuts()
                                + " cuts, "
                                + remote.retries()
                                + " steps sent again");
            } finally {
                running.set(false);
                cutter.interrupt();
            }
        }
    }

    @Test
    void serverRestartedBehindTheSameAddress_notFoundSayingSo_neverANewSession() throws Exception {
        try (GymServer first = GymServer.start(ServerOptions.defaults().withPort(0));
                GymServer second = GymServer.start(ServerOptions.defaults().withPort(0));
                CuttingProxy proxy = new CuttingProxy(first.port())) {
            String url = "grpc://127.0.0.1:" + proxy.port() + "/CartPole-v1";
            try (RemoteVectorEnv remote =
                    RemoteVectorEnv.open(
                            EnvAddress.parse(url), Transport.STREAM, Duration.ofSeconds(10))) {
                remote.reset(0);
                remote.step(Tensor.ofLongs(1));
                proxy.retarget(second.port()); // the "restarted" server answers from now on
                proxy.cutAll();
                EnvException e =
                        assertThrows(EnvException.class, () -> remote.step(Tensor.ofLongs(1)));
                assertEquals(EnvException.Code.NOT_FOUND, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("restarted"), e.getMessage());
            }
        }
    }
}
