package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.Tensor;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.StepTiming;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every remote Reset and Step carries when the server received it, applied the actions, took the
 * observations and sent the answer (capability timing), on both servers, and the Java client puts
 * them beside its own send and receive times.
 */
class TimingTest {

    @Test
    void javaServer_resetAndStepTimedInOrder() {
        try (GymServer server = GymServer.start(ServerOptions.defaults().withPort(0))) {
            assertTimed("127.0.0.1:" + server.port());
        }
    }

    @Test
    void pythonServer_resetAndStepTimedInOrder() throws Exception {
        try (PythonServer server = PythonServer.start(List.of(), "--import", "gym_api_envs")) {
            assertTimed(server.authority());
        }
    }

    private static void assertTimed(String authority) {
        EnvAddress address = EnvAddress.parse("grpc://" + authority + "/CartPole-v1?num_envs=2");
        long before = System.currentTimeMillis() * 1_000_000L;
        try (RemoteVectorEnv env =
                RemoteVectorEnv.open(address, Transport.STREAM, Duration.ofSeconds(10))) {
            env.reset(0);
            StepTiming reset = env.lastTiming();
            assertOrdered(reset, before);
            env.step(Tensor.ofLongs(0, 1));
            StepTiming step = env.lastTiming();
            assertOrdered(step, before);
            assertTrue(
                    reset.serverSentMonotonicNs() <= step.serverReceivedMonotonicNs(),
                    reset + " then " + step);
            assertTrue(
                    step.transportNanos() > 0 && step.transportNanos() <= step.roundTripNanos(),
                    step.toString());
        }
    }

    private static void assertOrdered(StepTiming t, long beforeUnixNanos) {
        long[] server = {
            t.serverReceivedMonotonicNs(),
            t.serverAppliedMonotonicNs(),
            t.serverObservedMonotonicNs(),
            t.serverSentMonotonicNs()
        };
        for (int i = 1; i < server.length; i++) {
            assertTrue(server[i - 1] <= server[i], t.toString());
        }
        assertTrue(
                server[0] != 0 && t.envNanos() >= 0 && t.serverNanos() >= t.envNanos(),
                t.toString());
        long nowUnixNanos = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
        assertTrue(
                beforeUnixNanos - 1_000_000L <= t.serverObservedUnixNs()
                        && t.serverObservedUnixNs() <= nowUnixNanos,
                t.toString());
        assertTrue(t.clientSentNanos() < t.clientReceivedNanos(), t.toString());
    }
}
