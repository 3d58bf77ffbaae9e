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
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The episodes Gymnasium 1.4.0's own MuJoCo envs recorded on libmujoco 2.2.2, in {@code
 * src/test/resources/gymnasium-1.4.0-mujoco/} (see its README): one JSON object per episode.
 */
final class ReferenceEpisodes {
    private ReferenceEpisodes() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The episodes of {@code envId}, in file order (seeds 0 and 1). */
    static List<JsonNode> load(String envId) {
        String resource = "/gymnasium-1.4.0-mujoco/" + envId + ".jsonl.gz";
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
