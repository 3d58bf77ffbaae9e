package io.gymbridge.envs.classic;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * Reading of reset options, as {@code gymnasium/envs/classic_control/utils.py}: {@code
 * maybe_parse_reset_bounds} and {@code verify_number_and_cast}. Unknown option keys are ignored, as
 * Gymnasium ignores them.
 */
final class ResetBounds {
    private ResetBounds() {}

    /**
     * The {@code low} and {@code high} options, or the defaults where absent.
     *
     * @return {low, high}
     * @throws EnvException INVALID_ARGUMENT if an option is not a number, low > high, or the range
     *     is not finite (which NumPy's uniform would reject)
     */
    static double[] parse(
            String envId, Map<String, Object> options, double defaultLow, double defaultHigh) {
        if (options == null) {
            return new double[] {defaultLow, defaultHigh};
        }
        double low = option(envId, options, "low", defaultLow);
        double high = option(envId, options, "high", defaultHigh);
        if (low > high) {
            throw EnvException.invalidArgument(
                    envId
                            + ": Lower bound ("
                            + low
                            + ") must be lower than higher bound ("
                            + high
                            + ").");
        }
        if (!Double.isFinite(high - low)) {
            // NumPy's uniform raises OverflowError for this.
            throw EnvException.invalidArgument(
                    envId
                            + ": high - low range exceeds valid bounds, low="
                            + low
                            + ", high="
                            + high);
        }
        return new double[] {low, high};
    }

    /**
     * Option {@code name} as a float, or {@code defaultValue} if the key is absent. A key present
     * with a null value is an error, as {@code float(None)} is in Python.
     */
    static double option(
            String envId, Map<String, Object> options, String name, double defaultValue) {
        if (options == null || !options.containsKey(name)) {
            return defaultValue;
        }
        return toFloat(envId, options.get(name));
    }

    /**
     * Python's {@code float(x)} for the values a reset option can hold: numbers, booleans, numeric
     * strings (including {@code inf} and {@code nan}) and one-element tensors.
     */
    static double toFloat(String envId, Object x) {
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        if (x instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (x instanceof Tensor t && t.size() == 1) {
            return t.getDouble(0);
        }
        if (x instanceof String s) {
            String text = s.strip().toLowerCase(Locale.ROOT);
            String unsigned =
                    text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            // Double.parseDouble also takes hex floats and a trailing d or f, which Python does
            // not.
            char last = unsigned.isEmpty() ? ' ' : unsigned.charAt(unsigned.length() - 1);
            if (!unsigned.startsWith("0x") && (Character.isDigit(last) || last == '.')) {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw EnvException.invalidArgument(
                envId + ": An option (" + x + ") could not be converted to a float.");
    }
}
