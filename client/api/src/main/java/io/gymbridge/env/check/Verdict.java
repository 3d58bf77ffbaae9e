package io.gymbridge.env.check;

/**
 * What a check's body returns when it does not fail; failures are thrown as {@link
 * CheckContext.Failure} so a check can stop at its first broken promise.
 *
 * @param status PASS, WARN or SKIP
 * @param detail what was seen
 */
record Verdict(CheckResult.Status status, String detail) {

    static Verdict pass(String detail) {
        return new Verdict(CheckResult.Status.PASS, detail);
    }

    static Verdict warn(String detail) {
        return new Verdict(CheckResult.Status.WARN, detail);
    }

    static Verdict skip(String detail) {
        return new Verdict(CheckResult.Status.SKIP, detail);
    }
}
