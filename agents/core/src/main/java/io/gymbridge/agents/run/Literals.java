package io.gymbridge.agents.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command-line values as typed literals, and Spinning Up's {@code valid_str}: how values are read
 * and how they are written into experiment names.
 *
 * <p>Spinning Up passes each value through Python's {@code eval} and keeps the text when that
 * fails; this is the same idea without running code: {@code 0.2} is a number, {@code [64,64]} and
 * {@code (64,64)} are lists, {@code {"a": 1}} is a dict, {@code true}/{@code True}, {@code
 * false}/{@code False} and {@code null}/{@code None} are what they say, a quoted {@code "text"} is
 * that text, and anything else ({@code CartPole-v1}, {@code tanh}) stays the string it is.
 */
final class Literals {
    private Literals() {}

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern PY_CONSTANT = Pattern.compile("\\b(True|False|None)\\b");

    /** A lenient JSON reader: single quotes, unquoted keys, trailing commas (Python's (32,)). */
    private static final ObjectMapper LENIENT =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
                    .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
                    .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                    .build();

    /**
     * The typed value of one command-line token: Boolean, Integer, Long, Double, String, null, a
     * List or a Map of those.
     */
    static Object parse(String text) {
        String t = text.strip();
        switch (t) {
            case "true", "True" -> {
                return Boolean.TRUE;
            }
            case "false", "False" -> {
                return Boolean.FALSE;
            }
            case "null", "None" -> {
                return null;
            }
            default -> {}
        }
        if (INTEGER.matcher(t).matches()) {
            try {
                long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
                return v == (int) v ? (Object) (int) v : (Object) v;
            } catch (NumberFormatException e) {
                return text; // beyond 64 bits: not a number anyone means here
            }
        }
        if (NUMBER.matcher(t).matches()) {
            double d = Double.parseDouble(t);
            // 3e5 (no decimal point) is an integer when it is one: step counts are written so.
            if (t.indexOf('.') < 0 && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                long v = (long) d;
                return v == (int) v ? (Object) (int) v : (Object) v;
            }
            return d;
        }
        boolean quoted =
                t.length() >= 2
                        && (t.startsWith("\"") && t.endsWith("\"")
                                || t.startsWith("'") && t.endsWith("'"));
        boolean container =
                t.startsWith("[") && t.endsWith("]")
                        || t.startsWith("(") && t.endsWith(")")
                        || t.startsWith("{") && t.endsWith("}");
        if (quoted || container) {
            try {
                return LENIENT.readValue(pythonToJson(t), Object.class);
            } catch (JsonProcessingException e) {
                return text; // as Spinning Up: what does not evaluate stays a string
            }
        }
        return text;
    }

    /** Tuples to lists and True/False/None to JSON, outside quoted strings. */
    private static String pythonToJson(String t) {
        StringBuilder out = new StringBuilder(t.length());
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < t.length()) {
                    out.append(t.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                word.append(c);
                continue;
            }
            flushWord(word, out);
            switch (c) {
                case '"', '\'' -> {
                    quote = c;
                    out.append(c);
                }
                case '(' -> out.append('[');
                case ')' -> out.append(']');
                default -> out.append(c);
            }
        }
        flushWord(word, out);
        return out.toString();
    }

    private static void flushWord(StringBuilder word, StringBuilder out) {
        String w = word.toString();
        out.append(
                PY_CONSTANT.matcher(w).matches()
                        ? switch (w) {
                            case "True" -> "true";
                            case "False" -> "false";
                            default -> "null";
                        }
                        : w);
        word.setLength(0);
    }

    /**
     * Spinning Up's {@code valid_str}: a value as it goes into a directory name. Lists join their
     * elements with '-', text is lower-cased, and every character but letters, digits, '-' and '_'
     * becomes '-': {@code 0.1 -> 0-1}, {@code [64,64] -> 64-64}, {@code CartPole-v1 ->
     * cartpole-v1}.
     */
    static String validStr(Object v) {
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object x : c) {
                parts.add(validStr(x));
            }
            return String.join("-", parts);
        }
        if (v instanceof Object[] array) {
            return validStr(List.of(array));
        }
        String s = pythonStr(v).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    c == '-'
                            || c == '_'
                            || (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9');
            out.append(ok ? c : '-');
        }
        return out.toString();
    }

    /** Python's {@code str} of a value: 1.0 is "1.0", True is "True", dicts are {'k': v}. */
    static String pythonStr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double || v instanceof Float) {
            return pythonFloat(((Number) v).doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(pythonRepr(k) + ": " + pythonRepr(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            c.forEach(x -> parts.add(pythonRepr(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    private static String pythonRepr(Object v) {
        return v instanceof CharSequence ? "'" + v + "'" : pythonStr(v);
    }

    /**
     * Python's {@code repr} of a float: the shortest digits, positional from 1e-4 up to 1e16,
     * scientific with a two-digit exponent outside ({@code 1e-05}).
     */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        String digits = bd.unscaledValue().abs().toString();
        String mantissa =
                digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = d < 0 ? "-" : "";
        String expSign = exponent < 0 ? "-" : "+";
        return sign
                + mantissa
                + "e"
                + expSign
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** A value as a user would type it on the command line, for messages. */
    static String display(Object v) {
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
            try {
                return LENIENT.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return pythonStr(v).equals("None") ? "null" : String.valueOf(v);
    }
}
