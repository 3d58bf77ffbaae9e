package io.gymbridge.envs.mujoco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The episodes Gymnasium 1.4.0's own MuJoCo envs recorded on libmujoco 2.2.2, in {@code
 * src/test/resources/gymnasium-1.4.0-mujoco/} (see its README): one JSON object per episode. Ids
 * that set lacks (HumanoidStandup) come from {@code gymnasium-1.4.0-mujoco-local/}, recorded the
 * same way here (see its README).
 */
final class ReferenceEpisodes {
    private ReferenceEpisodes() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The directories of episode files, the reference set first. */
    static final List<String> DIRECTORIES =
            List.of("/gymnasium-1.4.0-mujoco/", "/gymnasium-1.4.0-mujoco-local/");

    /** The episodes of {@code envId}, in file order (seeds 0 and 1). */
    static List<JsonNode> load(String envId) {
        String resource =
                DIRECTORIES.stream()
                        .map(d -> d + envId + ".jsonl.gz")
                        .filter(r -> ReferenceEpisodes.class.getResource(r) != null)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no episodes of " + envId + " in " + DIRECTORIES));
        return loadResource(resource);
    }

    /**
     * The episodes with non-default kwargs, one per configuration, recorded here from Gymnasium's
     * own code (see the README of {@code gymnasium-1.4.0-mujoco-local/}).
     */
    static List<JsonNode> loadWithKwargs() {
        return loadResource("/gymnasium-1.4.0-mujoco-local/kwargs.jsonl.gz");
    }

    /** True for episodes recorded here rather than in the reference set. */
    static boolean recordedHere(JsonNode episode) {
        return episode.has("info_arrays");
    }

    /**
     * An episode's kwargs as the registry takes them: numbers, booleans, strings, and lists for
     * tuples (whose "Infinity" and "-Infinity" strings become doubles).
     */
    static Map<String, Object> kwargs(JsonNode episode) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode kwargs = episode.get("kwargs");
        kwargs.fieldNames().forEachRemaining(name -> out.put(name, value(kwargs.get(name))));
        return out;
    }

    private static Object value(JsonNode v) {
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(x.isTextual() ? number(x) : value(x)));
            return list;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.textValue();
    }

    private static List<JsonNode> loadResource(String resource) {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream raw = ReferenceEpisodes.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(raw), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A JSON array of numbers (or "NaN", "Infinity", "-Infinity") as doubles. */
    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    /** A JSON number, or one of the strings for non-finite values. */
    static double number(JsonNode n) {
        if (n.isTextual()) {
            return Double.parseDouble(n.textValue());
        }
        return n.doubleValue();
    }
}
