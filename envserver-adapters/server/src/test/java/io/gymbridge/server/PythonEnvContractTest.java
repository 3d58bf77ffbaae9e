package io.gymbridge.server;

import io.gymbridge.conformance.EnvContract;
import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Env contract against the Python adapter, run as a subprocess with the Gymnasium-API test envs
 * of {@code envserver-adapters/python/tests/gym_api_envs.py} (no Gymnasium needed): its ports of
 * the five classic-control envs must step as the bundled Java ones (observations within {@link
 * #observationTolerance}).
 *
 * <p>The tests and their assertions are inherited from {@link EnvContractTests}; this class only
 * says how to reach the server.
 */
class PythonEnvContractTest implements EnvContractTests {
    private PythonServer server;

    @BeforeAll
    void start() throws Exception {
        server = PythonServer.start(List.of(), "--import", "gym_api_envs");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** NumPy computes the dynamics here: see {@link EnvContractTests#observationTolerance}. */
    @Override
    public double observationTolerance() {
        return EnvContract.NUMPY_OBSERVATION_TOLERANCE;
    }

    @Override
    public Env<Object, Object> open(String envId, Map<String, Object> kwargs) {
        String query =
                kwargs.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
        return Envs.make(
                "grpc://"
                        + server.authority()
                        + "/"
                        + envId
                        + (query.isEmpty() ? "" : "?" + query));
    }
}
