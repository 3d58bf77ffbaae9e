package io.gymbridge.server;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.vector.AutoresetMode;
import io.gymbridge.grpc.RemoteEnv;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The Env contract through the server and client over gRPC's in-process transport.
 *
 * <p>The tests and their assertions are inherited from {@link EnvContractTests}; this class only
 * says how to reach the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessGrpcEnvContractTest implements EnvContractTests {
    private GymServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        String name = InProcessServerBuilder.generateName();
        server =
                GymServer.start(
                        InProcessServerBuilder.forName(name).directExecutor(),
                        EnvRegistry.withProviders(),
                        ServerOptions.defaults());
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.close();
    }

    @Override
    public Env<Object, Object> open(String envId, Map<String, Object> kwargs) {
        return RemoteEnv.open(
                channel, address(envId, kwargs), Transport.STREAM, Duration.ofSeconds(10));
    }

    static EnvAddress address(String envId, Map<String, Object> kwargs) {
        Map<String, Object> own = new LinkedHashMap<>(kwargs);
        Object steps = own.remove("max_episode_steps");
        return new EnvAddress(
                "grpc",
                "in-process",
                0,
                envId,
                1,
                steps == null ? OptionalInt.empty() : OptionalInt.of(((Number) steps).intValue()),
                null,
                AutoresetMode.DISABLED,
                own);
    }
}
