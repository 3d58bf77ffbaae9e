package io.gymbridge.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an env's keyword arguments with their defaults, and rejects the ones it did not read.
 *
 * <pre>{@code
 * Kwargs k = new Kwargs("Pendulum-v1", kwargs);
 * double g = k.getDouble("g", 10.0);
 * k.requireAllUsed();   // INVALID_ARGUMENT naming any unknown kwarg
 * }</pre>
 *
 * Every failure is an {@link EnvException} with code INVALID_ARGUMENT naming the kwarg.
 */
public final class Kwargs {
    private final String envId;
    private final Map<String, Object> values;
    private final Set<String> used = new TreeSet<>();

    /** Wraps the kwargs given to {@code envId}. */
    public Kwargs(String envId, Map<String, ?> values) {
        this.envId = envId;
        this.values = new LinkedHashMap<>(values);
    }

    /** A number kwarg (int or float), or its default. */
    public double getDouble(String name, double defaultValue) {
        Object v = take(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && !(v instanceof Tensor)) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw wrongType(name, "a number", v);
    }

    /** An integer kwarg, or its default. */
    public long getLong(String name, long defaultValue) {
        Object v = take(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw wrongType(name, "an integer", v);
    }

    /** A boolean kwarg, or its default. */
    public boolean getBoolean(String name, boolean defaultValue) {
        Object v = take(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equalsIgnoreCase(String.valueOf(v))
                || "false".equalsIgnoreCase(String.valueOf(v))) {
            return Boolean.parseBoolean(String.valueOf(v));
        }
        throw wrongType(name, "a boolean", v);
    }

    /** A string kwarg, or its default. */
    public String getString(String name, String defaultValue) {
        Object v = take(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", v);
    }

    /**
     * A kwarg of {@code length} numbers (a list or a 1-D tensor, as Gymnasium's tuples such as
     * {@code healthy_z_range=(0.7, inf)}), or its default.
     */
    public double[] getDoubles(String name, double[] defaultValue) {
        Object v = take(name);
        if (v == null) {
            return defaultValue.clone();
        }
        double[] out = null;
        if (v instanceof Tensor t && t.shape().length == 1) {
            out = t.toDoubleArray();
        } else if (v instanceof List<?> list) {
            out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n) || list.get(i) instanceof Tensor) {
                    throw wrongType(name, defaultValue.length + " numbers", v);
                }
                out[i] = n.doubleValue();
            }
        }
        if (out == null || out.length != defaultValue.length) {
            throw wrongType(name, defaultValue.length + " numbers", v);
        }
        return out;
    }

    /**
     * Fails if a kwarg was given that nothing read.
     *
     * @throws EnvException INVALID_ARGUMENT naming the unknown kwargs and the known ones
     */
    public void requireAllUsed() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw EnvException.invalidArgument(
                    envId
                            + " got unexpected kwarg"
                            + (unknown.size() > 1 ? "s " : " ")
                            + EnvException.echo(unknown)
                            + (used.isEmpty() ? "; it takes none" : "; it takes " + used));
        }
    }

    private Object take(String name) {
        used.add(name);
        return values.get(name);
    }

    private EnvException wrongType(String name, String expected, Object v) {
        return EnvException.invalidArgument(
                envId
                        + " kwarg '"
                        + name
                        + "' must be "
                        + expected
                        + ", got "
                        + io.gymbridge.env.spaces.Spaces.describe(v));
    }
}
