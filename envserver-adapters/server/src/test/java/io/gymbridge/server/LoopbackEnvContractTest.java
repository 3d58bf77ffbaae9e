package io.gymbridge.server;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The Env contract against a real server on a loopback port, opened by URL with Envs.make.
 *
 * <p>The tests and their assertions are inherited from {@link EnvContractTests}; this class only
 * says how to reach the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackEnvContractTest implements EnvContractTests {
    private GymServer server;

    @BeforeAll
    void start() {
        server = GymServer.start(ServerOptions.defaults().withPort(0));
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
        return Envs.make(
                "grpc://127.0.0.1:"
                        + server.port()
                        + "/"
                        + envId
                        + (query.isEmpty() ? "" : "?" + query));
    }
}
