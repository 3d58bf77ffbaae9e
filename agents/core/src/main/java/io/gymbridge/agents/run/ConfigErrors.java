package io.gymbridge.agents.run;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.Algorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Why a config could not be typed, in one line that starts with the flag (or key) to blame: an
 * unknown key with the known ones, a value of the wrong type with the expected one, or the message
 * of the config's own validation.
 */
final class ConfigErrors {
    private ConfigErrors() {}

    /** One line naming the flag that failed and why. */
    static String explain(
            JsonMappingException e,
            Algorithm<?> algorithm,
            ObjectNode tree,
            Map<String, String> labels) {
        List<String> fields = new ArrayList<>();
        StringBuilder indexes = new StringBuilder();
        JsonNode node = tree;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null && indexes.length() == 0) {
                fields.add(r.getFieldName());
            } else {
                indexes.append(
                        r.getFieldName() != null
                                ? "." + r.getFieldName()
                                : "[" + r.getIndex() + "]");
            }
            node =
                    node == null
                            ? null
                            : r.getFieldName() != null
                                    ? node.get(r.getFieldName())
                                    : node.get(r.getIndex());
        }
        String path = String.join(":", fields);
        String where = label(path, labels) + indexes;
        Throwable invalid = rejection(e);
        if (invalid != null) {
            return labelMentioned(invalid.getMessage(), labels, algorithm)
                    + ": "
                    + invalid.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            boolean flag = where.startsWith("--");
            String parent =
                    fields.size() > 1
                            ? String.join(":", fields.subList(0, fields.size() - 1)) + ":"
                            : "";
            List<String> known = new ArrayList<>();
            u.getKnownPropertyIds().forEach(k -> known.add((flag ? "--" : "") + parent + k));
            known.sort(null);
            return where
                    + (flag ? ": unknown flag for " : ": unknown key for ")
                    + algorithm.name()
                    + (flag ? "; its flags are " : "; its keys are ")
                    + String.join(", ", known)
                    + (flag ? " (see ./gymbridge run " + algorithm.name() + " --help)" : "");
        }
        String got = node == null || node.isMissingNode() ? "nothing" : show(node);
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + ": expected " + describe(m.getTargetType(), where) + ", got " + got;
        }
        if (e.getCause() instanceof InputCoercionException) {
            return where + ": " + got + " is out of range (" + e.getOriginalMessage() + ")";
        }
        return where + ": " + e.getOriginalMessage();
    }

    /** One line naming the flag whose value the config's validation rejected, and why. */
    static String invalid(
            IllegalArgumentException e, Algorithm<?> algorithm, Map<String, String> labels) {
        return labelMentioned(e.getMessage(), labels, algorithm) + ": " + e.getMessage();
    }

    /** The exception a config's constructor threw to reject a value, if that is what failed. */
    private static Throwable rejection(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof NullPointerException) {
                return t;
            }
        }
        return null;
    }

    /** The flag whose name a validation message mentions (the longest such), or the algorithm. */
    private static String labelMentioned(
            String message, Map<String, String> labels, Algorithm<?> algorithm) {
        String best = null;
        for (String key : labels.keySet()) {
            String leaf = key.substring(key.lastIndexOf(':') + 1);
            if (mentions(message, leaf)
                    || mentions(message, camel(leaf))
                    || mentions(message, key)) {
                if (best == null || key.length() > best.length()) {
                    best = key;
                }
            }
        }
        return best != null ? labels.get(best) : algorithm.name() + " config";
    }

    private static boolean mentions(String message, String name) {
        return message != null
                && Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
                        .matcher(message)
                        .find();
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    private static String label(String path, Map<String, String> labels) {
        String found = labels.get(path);
        if (found != null) {
            return found;
        }
        for (String p = path; p.contains(":"); ) {
            p = p.substring(0, p.lastIndexOf(':'));
            if (labels.containsKey(p)) {
                return labels.get(p) + path.substring(p.length());
            }
        }
        return path.isEmpty() ? "config" : path;
    }

    /** The flag of a key or of the first key below it ({@code --seed:x} for {@code seed}). */
    static String labelUnder(String path, Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equals(path) || e.getKey().startsWith(path + ":")) {
                return e.getValue();
            }
        }
        return path;
    }

    private static String show(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static String describe(Class<?> type, String label) {
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type == double.class
                || type == Double.class
                || type == float.class
                || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list like [64,64]";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "a dict (or set its keys with " + label + ":KEY VALUE)";
        }
        return "a " + type.getSimpleName();
    }
}
