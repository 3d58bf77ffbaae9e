package io.gymbridge.server;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import java.util.Map;

/**
 * The Env contract on the bundled envs made in this process.
 *
 * <p>The tests and their assertions are inherited from {@link EnvContractTests}; this class only
 * says how to reach the server.
 */
class InProcessEnvContractTest implements EnvContractTests {
    @Override
    public Env<Object, Object> open(String envId, Map<String, Object> kwargs) {
        return Envs.make(envId, kwargs);
    }
}
