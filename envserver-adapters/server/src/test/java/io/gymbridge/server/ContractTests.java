package io.gymbridge.server;

import io.gymbridge.conformance.CaseSkipped;
import io.gymbridge.conformance.ContractCase;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns the cases of a conformance suite (gymbridge-conformance, plain Java) into JUnit dynamic
 * tests, one per case, so that surefire reports each case: a failed case fails its test with the
 * case's AssertionError, and a case the server cannot run is skipped with its reason.
 */
final class ContractTests {
    private ContractTests() {}

    /**
     * One dynamic test per case.
     *
     * @param unavailable why no case can run here (each is then skipped with it), or null; asked
     *     when each test runs
     */
    static Stream<DynamicTest> of(List<ContractCase> cases, Supplier<String> unavailable) {
        return cases.stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.name(),
                                        () -> {
                                            String why = unavailable.get();
                                            if (why != null) {
                                                Assumptions.abort(why);
                                            }
                                            run(c);
                                        }));
    }

    private static void run(ContractCase c) throws Exception {
        String note;
        try {
            note = c.run();
        } catch (CaseSkipped e) {
            Assumptions.abort(e.getMessage());
            return;
        } catch (AssertionError e) {
            // surefire's console names a dynamic test by its index: name the case in the message
            AssertionError named = new AssertionError(c.name() + ": " + e.getMessage(), e);
            named.setStackTrace(e.getStackTrace());
            throw named;
        }
        if (!note.isEmpty()) {
            System.out.println(c.name() + ": " + note); // in the test's output file
        }
    }
}
