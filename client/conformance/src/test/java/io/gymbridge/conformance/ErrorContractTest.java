package io.gymbridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.CheckResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The error contract against servers that lack what it needs: every case is reported, skipped with
 * its reason or failed with the status seen, never dropped. (It passes against the Java and Python
 * servers: see the server module's JavaErrorContractTest and PythonErrorContractTest.)
 */
class ErrorContractTest {
    private static CheckReport run(FakeServer fake) throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(fake).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            ErrorContract contract =
                    ErrorContract.builder().setServer(ServerHandle.of(channel)).build();
            return new CheckReport(contract.cases().stream().map(c -> c.result("")).toList());
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    @Test
    void cases_serverWithoutTheEnvsItNeeds_allSkippedNamingWhatIsMissing() throws Exception {
        CheckReport report = run(new FakeServer("robot", 4, 600, List.of("Robot-v0")));
        assertEquals(30, report.results().size(), report.toString());
        assertEquals(30, report.withStatus(CheckResult.Status.SKIP).size(), report.toString());
        Map<String, String> why =
                report.results().stream()
                        .collect(Collectors.toMap(CheckResult::name, CheckResult::detail));
        assertTrue(
                why.get("make_unknownKwarg_invalidArgumentNamingIt")
                        .startsWith("needs CartPole-v1 (the protocol's reference env"),
                why.toString());
        assertTrue(
                why.get("make_constructorThrows_internalWithItsMessage")
                        .startsWith("needs Exploding-v0"),
                why.toString());
        assertTrue(
                why.get("make_kwargOfWrongType_invalidArgumentNamingIt")
                        .startsWith("needs Pendulum-v1"),
                why.toString());
        assertTrue(why.get("step_beforeReset_failedPrecondition").endsWith("[Robot-v0]"));
    }

    @Test
    void cases_serverThatAnswersNothingElse_failWithTheStatusSeen() throws Exception {
        CheckReport report =
                run(
                        new FakeServer(
                                "half-written",
                                2000,
                                600,
                                List.of("CartPole-v1", "Exploding-v0", "Pendulum-v1")));
        Map<String, CheckResult> r =
                report.results().stream().collect(Collectors.toMap(CheckResult::name, x -> x));
        CheckResult lease = r.get("lease_idleSession_closedAndThenNotFoundAsExpired");
        assertEquals(CheckResult.Status.SKIP, lease.status());
        assertTrue(lease.detail().contains("--lease-seconds 1"), lease.detail());
        CheckResult limit = r.get("make_moreSessionsThanLimit_resourceExhaustedAndFreedByClose");
        assertEquals(CheckResult.Status.SKIP, limit.status());
        assertTrue(limit.detail().contains("allows 2000 sessions"), limit.detail());
        assertEquals(23, report.failures().size(), report.toString());
        assertTrue(
                r.get("make_unknownEnvId_notFoundNamingItAndClosestIds")
                        .detail()
                        .contains("expected: <NOT_FOUND> but was: <UNIMPLEMENTED>"),
                report.toString());
        assertFalse(report.allPassed());
    }

    @Test
    void build_withoutServer_namesTheSetting() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> ErrorContract.builder().build())
                        .getMessage()
                        .contains("server"));
    }
}
