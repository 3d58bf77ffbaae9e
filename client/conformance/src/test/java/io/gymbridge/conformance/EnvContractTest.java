package io.gymbridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Envs;
import io.gymbridge.env.check.CheckReport;
import io.gymbridge.env.check.CheckResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Env contract judges envs: a faithful one passes, a deviant one fails the right cases. */
class EnvContractTest {
    private static CheckReport run(EnvContract contract) {
        return new CheckReport(contract.cases().stream().map(c -> c.result("")).toList());
    }

    private static Map<String, CheckResult> byName(CheckReport report) {
        return report.results().stream().collect(Collectors.toMap(CheckResult::name, r -> r));
    }

    @Test
    void cases_bundledEnvInProcess_allPass() {
        CheckReport report =
                run(
                        EnvContract.builder()
                                .setOpener(Envs::make)
                                .optEnvIds(List.of("CartPole-v1", "MountainCarContinuous-v0"))
                                .build());
        assertEquals(26, report.results().size(), report.toString());
        assertTrue(report.allPassed(), report.toString());
        assertEquals(26, report.withStatus(CheckResult.Status.PASS).size(), report.toString());
    }

    @Test
    void cases_envSteppingOtherwiseThanTheReference_failsTheTrajectoryCaseOnly() {
        // Sutton and Barto's reward: 0 per step instead of 1, the same dynamics.
        EnvOpener deviant =
                (id, kwargs) -> {
                    Map<String, Object> k = new HashMap<>(kwargs);
                    k.put("sutton_barto_reward", true);
                    return Envs.make(id, k);
                };
        CheckReport report =
                run(
                        EnvContract.builder()
                                .setOpener(deviant)
                                .optEnvIds(List.of("CartPole-v1"))
                                .build());
        assertEquals(
                List.of("reset_sameSeed_sameTrajectoryAsLocalEnv[CartPole-v1]"),
                report.failures().stream().map(CheckResult::name).toList(),
                report.toString());
        assertEquals(
                "reward of step 0 ==> expected: <1.0> but was: <0.0> (within 1.0E-12)",
                report.failures().get(0).detail());
    }

    @Test
    void cases_envIdWithoutReference_comparisonsSkippedWithTheReason() {
        CheckReport report =
                run(
                        EnvContract.builder()
                                .setOpener(Envs::make)
                                .optEnvIds(List.of("Pendulum-v1"))
                                .optReferenceEnvs(new EnvRegistry())
                                .build());
        Map<String, CheckResult> r = byName(report);
        CheckResult trajectory = r.get("reset_sameSeed_sameTrajectoryAsLocalEnv[Pendulum-v1]");
        assertEquals(CheckResult.Status.SKIP, trajectory.status());
        assertTrue(
                trajectory.detail().startsWith("no reference env of Pendulum-v1"),
                trajectory.detail());
        CheckResult spec = r.get("spec_matchesRegistration[Pendulum-v1]");
        assertEquals(CheckResult.Status.SKIP, spec.status());
        assertTrue(spec.detail().contains("the spec's id is Pendulum-v1"), spec.detail());
        assertEquals(
                CheckResult.Status.PASS,
                r.get("reset_sameSeed_sameTrajectoryTwice[Pendulum-v1]").status());
        assertEquals(2, report.withStatus(CheckResult.Status.SKIP).size(), report.toString());
        assertTrue(report.allPassed(), report.toString());
    }

    @Test
    void build_withoutOpenerOrWithBadTolerance_namesTheSetting() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> EnvContract.builder().build())
                        .getMessage()
                        .contains("opener"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        EnvContract.builder()
                                                .setOpener(Envs::make)
                                                .optObservationTolerance(-1)
                                                .build())
                        .getMessage()
                        .contains("observationTolerance"));
    }
}
