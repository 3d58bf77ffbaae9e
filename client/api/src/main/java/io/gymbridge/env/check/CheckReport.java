package io.gymbridge.env.check;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every result of one run of {@link EnvChecker}, in the order the checks ran.
 *
 * @param results the results, one per check that ran
 */
public record CheckReport(List<CheckResult> results) {

    /** Copies the list. */
    public CheckReport {
        results = List.copyOf(results);
    }

    /** True if no check failed (WARN and SKIP do not count as failures). */
    public boolean allPassed() {
        return results.stream().allMatch(CheckResult::ok);
    }

    /** The failed checks. */
    public List<CheckResult> failures() {
        return withStatus(CheckResult.Status.FAIL);
    }

    /** The checks that ended with {@code status}. */
    public List<CheckResult> withStatus(CheckResult.Status status) {
        return results.stream().filter(r -> r.status() == status).toList();
    }

    /** The result of the check named {@code name}, if it ran. */
    public Optional<CheckResult> get(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** One {@link CheckResult#line()} per check, then a summary line. */
    @Override
    public String toString() {
        String lines = results.stream().map(CheckResult::line).collect(Collectors.joining("\n"));
        return lines + (lines.isEmpty() ? "" : "\n") + summary();
    }

    /** E.g. {@code "14 checks: 12 passed, 1 failed, 1 skipped, 0 warned"}. */
    public String summary() {
        return results.size()
                + " checks: "
                + withStatus(CheckResult.Status.PASS).size()
                + " passed, "
                + failures().size()
                + " failed, "
                + withStatus(CheckResult.Status.SKIP).size()
                + " skipped, "
                + withStatus(CheckResult.Status.WARN).size()
                + " warned";
    }
}
