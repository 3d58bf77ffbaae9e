package io.gymbridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner behind {@code ./gymbridge check --contract}, against servers on loopback. */
class ServerConformanceTest {
    @Test
    void run_thirdPartyServer_everyCaseReportedOnceAndInOrder() throws Exception {
        try (FakeServer fake = new FakeServer("robot-sim", 4, 600, List.of("Robot-v0")).start()) {
            List<CheckResult> seen = new ArrayList<>();
            CheckReport report =
                    ServerConformance.builder()
                            .setTarget("grpc://127.0.0.1:" + fake.port())
                            .build()
                            .run(seen::add);
            assertEquals(report.results(), seen);
            CheckResult info = seen.get(0);
            assertEquals("server info", info.name());
            assertEquals(CheckResult.Status.PASS, info.status());
            assertTrue(
                    info.detail().contains("robot-sim 0.0.1 speaking gymbridge.v1"), info.detail());
            assertTrue(info.detail().contains("within 1.0E-6 relative"), info.detail());
            assertEquals(1 + 13 + 30, seen.size(), report.toString());
            CheckResult local =
                    report.get("env reset_sameSeed_sameTrajectoryAsLocalEnv[Robot-v0]")
                            .orElseThrow();
            assertEquals(CheckResult.Status.SKIP, local.status());
            CheckResult opened = report.get("env close_twice_isFine[Robot-v0]").orElseThrow();
            assertEquals(CheckResult.Status.FAIL, opened.status());
            assertTrue(opened.detail().contains("UNIMPLEMENTED"), opened.detail());
            assertFalse(report.allPassed());
        }
    }

    @Test
    void run_nothingListening_oneFailedCheckNamingTheAddress() {
        CheckReport report =
                ServerConformance.builder()
                        .setTarget("grpc://127.0.0.1:1/CartPole-v1")
                        .build()
                        .run(r -> {});
        assertEquals(1, report.results().size(), report.toString());
        CheckResult r = report.results().get(0);
        assertEquals(CheckResult.Status.FAIL, r.status());
        assertTrue(r.detail().contains("127.0.0.1:1"), r.detail());
    }

    @Test
    void build_urlNotOfAServerOrWithParameters_rejectedSayingWhatItTakes() {
        for (String url :
                List.of(
                        "http://127.0.0.1:50051",
                        "grpc://127.0.0.1/CartPole-v1",
                        "grpc://127.0.0.1:50051/CartPole-v1?max_episode_steps=5",
                        "CartPole-v1")) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ServerConformance.builder().setTarget(url).build(),
                            url);
            assertTrue(
                    e.getMessage().contains("grpc://host:port")
                            || e.getMessage().contains("parameters"),
                    e.getMessage());
        }
    }

    @Test
    void target_withAndWithoutEnvId() {
        assertEquals(
                new ServerConformance.Target(
                        "grpc", "127.0.0.1", 50051, "CartPole-v1", Map.of(), null),
                ServerConformance.Target.parse("grpc://127.0.0.1:50051/CartPole-v1"));
        assertEquals(
                new ServerConformance.Target("grpc", "::1", 7, null, Map.of(), null),
                ServerConformance.Target.parse("grpc://[::1]:7"));
        assertEquals("[::1]:7", ServerConformance.Target.parse("grpc://[::1]:7/").authority());
    }

    @Test
    void target_grpcsWithConnectionParameters_keepsThemForTheClientOnly() {
        assertEquals(
                new ServerConformance.Target(
                        "grpcs",
                        "gpu-1",
                        50051,
                        null,
                        Map.of("ca_file", "/etc/gb/ca.pem", "token_file", "/run/gb/token"),
                        null),
                ServerConformance.Target.parse(
                        "grpcs://gpu-1:50051?ca_file=/etc/gb/ca.pem&token_file=/run/gb/token"));
    }

    @Test
    void target_unixSocket_withAndWithoutEnvId() {
        ServerConformance.Target all = ServerConformance.Target.parse("unix:/tmp/gym.sock");
        assertEquals("/tmp/gym.sock", all.socketPath());
        assertEquals(null, all.envId());
        assertEquals("unix:/tmp/gym.sock", all.authority());
        ServerConformance.Target one =
                ServerConformance.Target.parse("unix:///tmp/gym%20x.sock?env=CartPole-v1");
        assertEquals("/tmp/gym x.sock", one.socketPath());
        assertEquals("CartPole-v1", one.envId());
        assertThrows(
                IllegalArgumentException.class,
                () -> ServerConformance.Target.parse("unix:/tmp/gym.sock?num_envs=4"));
        assertThrows(
                IllegalArgumentException.class,
                () -> ServerConformance.Target.parse("unix:relative.sock"));
    }
}
