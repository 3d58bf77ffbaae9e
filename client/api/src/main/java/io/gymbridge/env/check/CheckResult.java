package io.gymbridge.env.check;

import java.util.Objects;

/**
 * The outcome of one named check of {@link EnvChecker}.
 *
 * @param name the check's name, one of {@link EnvChecker#checkNames()}, e.g. {@code "step()"}
 * @param status whether it passed
 * @param detail what was seen, specific enough to act on: the values, the call, the exception
 */
public record CheckResult(String name, Status status, String detail) {

    /** How a check ended. */
    public enum Status {
        /** The env does what the contract says. */
        PASS,
        /** The env breaks the contract. */
        FAIL,
        /** The check does not apply to this env, or was not requested. */
        SKIP,
        /** The env keeps the contract, but something looks wrong. */
        WARN
    }

    /** Rejects null parts. */
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** True unless the status is FAIL. */
    public boolean ok() {
        return status != Status.FAIL;
    }

    /**
     * One line for a terminal, e.g. {@code FAIL reset(seed) determinism: seed 123 gave [0.01, ...]
     * then [0.02, ...]}.
     */
    public String line() {
        return status + "  " + name + (detail.isEmpty() ? "" : ": " + detail);
    }

    @Override
    public String toString() {
        return line();
    }
}
