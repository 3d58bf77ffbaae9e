package io.gymbridge.agents.logging;

import java.io.PrintStream;

/**
 * A live one-line progress display during an epoch, redrawn with a carriage return at most ten
 * times a second; shown only on a terminal (System.console() is not null) and when the run asked
 * for it, so that logs and pipes see only Spinning Up's table.
 */
final class ProgressLine {
    private static final long PERIOD_NANOS = 100_000_000L;
    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private long epochStart;
    private int width;

    ProgressLine(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A progress line on stdout if {@code wanted} and stdout is a terminal. */
    static ProgressLine create(boolean wanted) {
        return new ProgressLine(System.out, wanted && System.console() != null);
    }

    void startEpoch() {
        epochStart = System.nanoTime();
    }

    /** Redraws the line if enough time passed: epoch, a bar of the steps, steps per second. */
    void update(int epoch, int epochs, int steps, int stepsPerEpoch) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < PERIOD_NANOS && steps < stepsPerEpoch) {
            return;
        }
        lastDraw = now;
        int bar = 30;
        int filled = (int) ((long) bar * steps / Math.max(1, stepsPerEpoch));
        double seconds = (now - epochStart) / 1e9;
        String line =
                String.format(
                        "Epoch %d/%d [%s%s] %d/%d steps, %.0f steps/s",
                        epoch + 1,
                        epochs,
                        "#".repeat(filled),
                        ".".repeat(bar - filled),
                        steps,
                        stepsPerEpoch,
                        seconds > 0 ? steps / seconds : 0.0);
        width = Math.max(width, line.length());
        out.print("\r" + line);
        out.flush();
    }

    /** Erases the line, before the table is printed. */
    void clear() {
        if (enabled && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
