package io.gymbridge.grpc;

/**
 * When a remote step or reset happened: the server's times (its monotonic clock, for intervals, and
 * the wall clock in Unix nanoseconds) and this client's, so that a learner can see where its
 * latency goes. Server times are 0 if the server does not report them (no "timing" capability).
 *
 * @param clientSentNanos this client's {@link System#nanoTime()} when it sent the request
 * @param clientReceivedNanos ... when the response was decoded
 * @param serverReceivedMonotonicNs the server took the request
 * @param serverAppliedMonotonicNs the envs' step (or reset) began
 * @param serverObservedMonotonicNs the envs' step (or reset) returned
 * @param serverSentMonotonicNs the response was handed to the server's transport
 * @param serverObservedUnixNs the wall-clock time of the observation
 */
public record StepTiming(
        long clientSentNanos,
        long clientReceivedNanos,
        long serverReceivedMonotonicNs,
        long serverAppliedMonotonicNs,
        long serverObservedMonotonicNs,
        long serverSentMonotonicNs,
        long serverObservedUnixNs) {

    /** The round trip as this client saw it, in ns. */
    public long roundTripNanos() {
        return clientReceivedNanos - clientSentNanos;
    }

    /** The server's part (received to sent), in ns; 0 without the server's times. */
    public long serverNanos() {
        return serverSentMonotonicNs - serverReceivedMonotonicNs;
    }

    /** The envs' own part (applied to observed), in ns. */
    public long envNanos() {
        return serverObservedMonotonicNs - serverAppliedMonotonicNs;
    }

    /** What the transport took: the round trip less the server's part, in ns. */
    public long transportNanos() {
        return roundTripNanos() - serverNanos();
    }
}
