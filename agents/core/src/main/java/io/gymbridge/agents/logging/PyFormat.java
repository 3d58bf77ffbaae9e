package io.gymbridge.agents.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Numbers and JSON printed as Spinning Up's Python prints them, so that its output files and tables
 * look the same: {@code str(x)} of a float ({@link #repr}), {@code "%8.3g" % x} ({@link #g}) and
 * {@code json.dumps(..., indent=4, sort_keys=True, separators=(',', ':\t'))} ({@link #json}).
 */
public final class PyFormat {
    private PyFormat() {}

    /**
     * Python's {@code repr} of a float: the shortest digits that read back to the same double,
     * positional between 1e-4 and 1e16 ({@code 0.0003}, {@code 22.5}, {@code 4000.0}), scientific
     * outside ({@code 1e-05}, {@code 1.5e+16}); {@code nan}, {@code inf}, {@code -inf}.
     */
    public static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        } else if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        } else if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal candidate =
                    new BigDecimal(v).round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == v) {
                shortest = candidate;
                break;
            }
        }
        BigDecimal d = shortest.stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale(); // decimal exponent of the leading digit
        String sign = v < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = d.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa =
                digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + twoDigits(Math.abs(exponent));
    }

    /** {@code "%8.3g" % v}, as the table printed by {@code dump_tabular} shows values. */
    public static String g(double v) {
        return pad(gCore(v, 3), 8);
    }

    /** C's {@code %.{precision}g} without a width. */
    static String gCore(double v, int precision) {
        if (Double.isNaN(v)) {
            return "nan";
        } else if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        } else if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal rounded =
                new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - 1 - rounded.scale();
        String sign = v < 0 ? "-" : "";
        BigDecimal abs = rounded.abs();
        if (exponent >= -4 && exponent < precision) {
            BigDecimal fixed =
                    abs.setScale(Math.max(0, precision - 1 - exponent), RoundingMode.HALF_EVEN);
            return sign + stripZeros(fixed.toPlainString());
        }
        BigDecimal mantissa =
                abs.movePointLeft(exponent).setScale(precision - 1, RoundingMode.HALF_EVEN);
        return sign
                + stripZeros(mantissa.toPlainString())
                + "e"
                + (exponent < 0 ? "-" : "+")
                + twoDigits(Math.abs(exponent));
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String twoDigits(int e) {
        return e < 10 ? "0" + e : Integer.toString(e);
    }

    /** Right-aligns {@code s} in {@code width} characters, as {@code %{width}s}. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /**
     * JSON as Spinning Up's {@code save_config} writes it: keys sorted, four-space indents, a tab
     * after each colon, floats as Python's repr.
     */
    public static String json(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        json(node, 0, sb);
        return sb.toString();
    }

    private static void json(JsonNode node, int depth, StringBuilder sb) {
        String indent = "    ".repeat(depth + 1);
        String closing = "    ".repeat(depth);
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            if (fields.isEmpty()) {
                sb.append("{}");
                return;
            }
            fields.sort(Map.Entry.comparingByKey());
            sb.append("{\n");
            for (int i = 0; i < fields.size(); i++) {
                sb.append(indent).append(quote(fields.get(i).getKey())).append(":\t");
                json(fields.get(i).getValue(), depth + 1, sb);
                sb.append(i < fields.size() - 1 ? ",\n" : "\n");
            }
            sb.append(closing).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                sb.append(indent);
                json(node.get(i), depth + 1, sb);
                sb.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            sb.append(closing).append(']');
        } else if (node.isFloatingPointNumber()) {
            double d = node.asDouble();
            sb.append(
                    Double.isNaN(d)
                            ? "NaN"
                            : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : repr(d));
        } else if (node.isNumber()) {
            sb.append(node.asText());
        } else if (node.isBoolean()) {
            sb.append(node.asBoolean() ? "true" : "false");
        } else if (node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else {
            sb.append(quote(node.asText()));
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
