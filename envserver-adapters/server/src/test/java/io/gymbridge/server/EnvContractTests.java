package io.gymbridge.server;

import io.gymbridge.conformance.EnvContract;
import io.gymbridge.env.Env;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The Env contract ({@link EnvContract}, in gymbridge-conformance), run by JUnit against every way
 * of reaching an env: implement {@link #open} for a transport and every case runs on each env of
 * {@link #envIds()}, one test per case and env. Trajectories are compared with the bundled Java env
 * of the same id, so a server passes only if it steps exactly as Gymnasium does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
interface EnvContractTests {

    /** Opens {@code envId} with kwargs (which may include {@code max_episode_steps}). */
    Env<Object, Object> open(String envId, Map<String, Object> kwargs);

    /** The env ids to run the contract on; by default the five bundled ones. */
    default List<String> envIds() {
        return EnvContract.BUNDLED_ENV_IDS;
    }

    /**
     * How far this implementation's observations may be from the bundled Java env's: 0 by default,
     * {@link EnvContract#NUMPY_OBSERVATION_TOLERANCE} for a server computing with NumPy (see {@link
     * EnvContract#observationTolerance()}).
     */
    default double observationTolerance() {
        return 0;
    }

    /** Why the cases cannot run here (each is then skipped with it), or null. */
    default String unavailable() {
        return null;
    }

    @TestFactory
    default Stream<DynamicTest> envContract() {
        EnvContract contract =
                EnvContract.builder()
                        .setOpener(this::open)
                        .optEnvIds(envIds())
                        .optObservationTolerance(observationTolerance())
                        .build();
        return ContractTests.of(contract.cases(), this::unavailable);
    }
}
