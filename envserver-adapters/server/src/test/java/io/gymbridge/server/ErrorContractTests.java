package io.gymbridge.server;

import io.gymbridge.conformance.ErrorContract;
import io.gymbridge.conformance.ServerHandle;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The error contract ({@link ErrorContract}, in gymbridge-conformance), run by JUnit against each
 * server implementation, one test per case: subclasses say how to start one. The server must serve
 * CartPole-v1, Pendulum-v1 (Box actions, numeric kwarg {@code g}) and Exploding-v0 (step with
 * action 1 raises; kwarg fail_on_make=true makes the constructor raise); it runs with at most 4
 * sessions of at most 8 envs, and the lease case starts a second one with {@link #shortLease()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ErrorContractTests {
    private static final int MAX_SESSIONS = 4;
    private static final int MAX_NUM_ENVS = 8;

    /** Starts a server with these limits. */
    abstract ServerHandle start(int maxSessions, int maxNumEnvs, Duration lease) throws Exception;

    /** Whether the server's envs reject kwargs of the wrong type (Python envs take anything). */
    boolean checksKwargTypes() {
        return true;
    }

    /** A lease short enough for a test and long enough for this server's sweep to be timely. */
    Duration shortLease() {
        return Duration.ofMillis(200);
    }

    private ServerHandle server;

    @BeforeAll
    void startServer() throws Exception {
        server = start(MAX_SESSIONS, MAX_NUM_ENVS, Duration.ofMinutes(10));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> errorContract() {
        ErrorContract contract =
                ErrorContract.builder()
                        .setServer(server)
                        .optLimits(MAX_SESSIONS, MAX_NUM_ENVS)
                        .optBoxEnv("Pendulum-v1", "g")
                        .optExplodingEnv(ErrorContract.EXPLODING_ENV_ID)
                        .optChecksKwargTypes(checksKwargTypes())
                        .optShortLeaseServer(
                                shortLease(), lease -> start(MAX_SESSIONS, MAX_NUM_ENVS, lease))
                        .build();
        return ContractTests.of(contract.cases(), () -> null);
    }
}
