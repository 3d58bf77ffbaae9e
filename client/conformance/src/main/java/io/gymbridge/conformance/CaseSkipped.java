package io.gymbridge.conformance;

/**
 * Thrown by a {@link ContractCase} that needs something the server under test does not offer (an
 * env it does not serve, a hook it does not expose): the case is reported as skipped, with this
 * message as the reason, never silently dropped.
 */
public final class CaseSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A skip with its reason.
     *
     * @param reason what is missing and, where it can be had, how to get it
     */
    public CaseSkipped(String reason) {
        super(reason);
    }
}
