package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.grpc.RemoteEnv;
import io.gymbridge.grpc.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The Env contract against a loopback server through unary RPCs instead of the stream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackUnaryEnvContractTest implements EnvContractTests {
    private GymServer server;

    @BeforeAll
    void start() {
        server = GymServer.start(ServerOptions.defaults().withPort(0).withDirectExecutor(false));
        assertTrue(server.port() > 0, "bound to a free loopback port");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Override
    public Env<Object, Object> open(String envId, Map<String, Object> kwargs) {
        String query =
                kwargs.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
        EnvAddress address =
                EnvAddress.parse(
                        "grpc://127.0.0.1:"
                                + server.port()
                                + "/"
                                + envId
                                + (query.isEmpty() ? "" : "?" + query));
        return RemoteEnv.open(address, Transport.UNARY, Duration.ofSeconds(10));
    }
}
