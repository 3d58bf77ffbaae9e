package io.gymbridge.conformance;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.check.CheckResult;
import java.util.Objects;

/**
 * One named case of a conformance suite: a check that returns if the server keeps its promise,
 * throws an {@link AssertionError} (or any other exception) saying what was wrong if it does not,
 * and throws {@link CaseSkipped} if it does not apply to the server under test.
 *
 * <p>Names read {@code method_condition[envId]} for the Env contract and {@code method_condition}
 * for the error contract, as the project's test names do. Run a case with {@link #run} from a test
 * framework (it sees the exception as the test's outcome) or with {@link #result} for a report.
 */
public final class ContractCase {
    /** What a case does. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the check.
         *
         * @return a note for the report when it passes ("" if none), e.g. what could not be checked
         *     on this server
         * @throws Exception an {@link AssertionError} or any exception if the server breaks the
         *     contract; {@link CaseSkipped} if the case does not apply
         */
        String run() throws Exception;
    }

    private final String name;
    private final Body body;

    private ContractCase(String name, Body body) {
        this.name = Objects.requireNonNull(name, "name");
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * A case.
     *
     * @param name its name, unique within its suite
     * @param body what it checks
     */
    public static ContractCase of(String name, Body body) {
        return new ContractCase(name, body);
    }

    /** The case's name, e.g. {@code step_beforeReset_failsWithFailedPrecondition[CartPole-v1]}. */
    public String name() {
        return name;
    }

    /**
     * Runs the case and lets its outcome escape, for a test framework.
     *
     * @return the note of a pass ("" if none)
     * @throws Exception as {@link Body#run}
     */
    public String run() throws Exception {
        return body.run();
    }

    /**
     * Runs the case and reports it, never throwing: PASS (with its note), SKIP (with the reason),
     * or FAIL (with the assertion's message, or the exception that escaped).
     *
     * @param prefix put before the name in the result, e.g. {@code "env "}; may be empty
     */
    public CheckResult result(String prefix) {
        String label = prefix + name;
        try {
            return new CheckResult(label, CheckResult.Status.PASS, body.run());
        } catch (CaseSkipped e) {
            return new CheckResult(label, CheckResult.Status.SKIP, e.getMessage());
        } catch (AssertionError e) {
            return new CheckResult(label, CheckResult.Status.FAIL, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(label, CheckResult.Status.FAIL, "interrupted");
        } catch (Exception e) {
            String what = e instanceof EnvException ? e.getMessage() : e.toString();
            return new CheckResult(label, CheckResult.Status.FAIL, "threw " + what);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
