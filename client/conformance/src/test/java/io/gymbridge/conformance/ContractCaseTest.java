package io.gymbridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.check.CheckResult;
import org.junit.jupiter.api.Test;

class ContractCaseTest {
    @Test
    void result_passWithNote_isPassCarryingTheNote() {
        CheckResult r = ContractCase.of("a_b", () -> "count not checked").result("env ");
        assertEquals(new CheckResult("env a_b", CheckResult.Status.PASS, "count not checked"), r);
    }

    @Test
    void result_assertionError_isFailWithItsMessage() {
        CheckResult r =
                ContractCase.of(
                                "a_b",
                                () -> {
                                    Expect.equal(1, 2, "rewards");
                                    return "";
                                })
                        .result("");
        assertEquals(CheckResult.Status.FAIL, r.status());
        assertEquals("rewards ==> expected: <1> but was: <2>", r.detail());
    }

    @Test
    void result_caseSkipped_isSkipWithTheReason() {
        CheckResult r =
                ContractCase.of(
                                "a_b",
                                () -> {
                                    throw new CaseSkipped("needs Exploding-v0");
                                })
                        .result("");
        assertEquals(new CheckResult("a_b", CheckResult.Status.SKIP, "needs Exploding-v0"), r);
    }

    @Test
    void result_otherException_isFailNamingIt() {
        CheckResult r =
                ContractCase.of(
                                "a_b",
                                () -> {
                                    throw EnvException.notFound("no session s1");
                                })
                        .result("");
        assertEquals(CheckResult.Status.FAIL, r.status());
        assertEquals("threw NOT_FOUND: no session s1", r.detail());
    }

    @Test
    void run_letsTheOutcomeEscape() {
        ContractCase c =
                ContractCase.of(
                        "a_b",
                        () -> {
                            throw new CaseSkipped("why");
                        });
        assertEquals("why", assertThrows(CaseSkipped.class, c::run).getMessage());
    }

    @Test
    void thrown_nothingOrTheWrongType_failsSayingSo() {
        AssertionError none =
                assertThrows(
                        AssertionError.class,
                        () -> Expect.thrown(EnvException.class, () -> {}, "step"));
        assertEquals(
                "step ==> expected EnvException to be thrown, but nothing was thrown",
                none.getMessage());
        AssertionError wrong =
                assertThrows(
                        AssertionError.class,
                        () ->
                                Expect.thrown(
                                        EnvException.class,
                                        () -> {
                                            throw new IllegalStateException("x");
                                        },
                                        "step"));
        assertEquals(IllegalStateException.class, wrong.getCause().getClass());
    }
}
