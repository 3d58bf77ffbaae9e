package io.gymbridge.grpc;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.proto.v1.EmergencyStopRequest;
import io.gymbridge.proto.v1.EnvServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends an EmergencyStop (docs/protocol.md): what {@code ./gymbridge estop} does. It goes over a
 * connection of its own, never one that an env's steps use, so that it does not queue behind them.
 */
public final class EmergencyStops {
    private EmergencyStops() {}

    /**
     * Stops session {@code sessionId} (or, if empty, every session of the caller these credentials
     * name) on the server of {@code address}, with its TLS and token settings.
     *
     * @return how many sessions are stopped
     * @throws EnvException with the server's code (NOT_FOUND for an unknown session, UNAVAILABLE if
     *     the server cannot be reached, DEADLINE_EXCEEDED after {@code timeout})
     */
    public static int stop(EnvAddress address, String sessionId, String reason, Duration timeout) {
        return stop(address, sessionId, reason, false, timeout);
    }

    /**
     * As {@link #stop(EnvAddress, String, String, Duration)}; with {@code allCallers}, every
     * session of every caller (PERMISSION_DENIED unless these credentials name one of the server's
     * operators).
     */
    public static int stop(
            EnvAddress address,
            String sessionId,
            String reason,
            boolean allCallers,
            Duration timeout) {
        ManagedChannel channel = ChannelSecurity.of(address).newChannel(address.authority());
        try {
            return EnvServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .emergencyStop(
                            EmergencyStopRequest.newBuilder()
                                    .setSessionId(sessionId)
                                    .setReason(reason)
                                    .setAllCallers(allCallers)
                                    .build())
                    .getSessions();
        } catch (StatusRuntimeException e) {
            throw Calls.fromStatus(e.getStatus());
        } finally {
            channel.shutdownNow();
        }
    }
}
