package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.conformance.EnvContract;
import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Env contract against the Python adapter serving real Gymnasium's five classic-control envs:
 * each must step exactly as the bundled Java port. Runs where Python can import gymnasium (set
 * {@code GYMBRIDGE_GYMNASIUM_PATH} to a PYTHONPATH holding it); Gymnasium cannot be installed where
 * there is no PyPI, so elsewhere, CI included, it is skipped with this message.
 */
class GymnasiumEnvContractTest implements EnvContractTests {
    private PythonServer server;

    private static final String NO_GYMNASIUM =
            "Python cannot import gymnasium: install it (pip install gymnasium) or set"
                    + " GYMBRIDGE_GYMNASIUM_PATH to a PYTHONPATH that holds it";

    @BeforeAll
    void start() throws Exception {
        PythonServer.requirePython();
        var path = PythonServer.gymnasiumPath();
        if (path.isPresent()) {
            server = PythonServer.start(path.get());
            assertTrue(server.port > 0, "the Python server reports the port it bound");
        }
    }

    /** Skips each test visibly (surefire counts them as skipped) when Gymnasium is missing. */
    @Override
    public String unavailable() {
        return server == null ? NO_GYMNASIUM : null;
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
