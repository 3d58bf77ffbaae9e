package io.gymbridge.envs.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gymbridge.env.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference episodes recorded with Gymnasium 1.4.0 and NumPy 1.24, in {@code
 * src/test/resources/gymnasium-1.4.0/} (see the README there): one episode per line of {@code <env
 * id>.jsonl}.
 */
final class ReferenceEpisodes {
    private ReferenceEpisodes() {}

    /** One step: the action given and what Gymnasium returned. */
    record RefStep(
            Object action,
            double[] obs,
            double reward,
            boolean terminated,
            boolean truncated,
            double[] state) {}

    /** One episode: its seed, the state and observation after reset, and its steps. */
    record Episode(
            String envId, long seed, double[] resetState, double[] resetObs, List<RefStep> steps) {

        /** The state before step {@code i}: the reset state or the previous step's. */
        double[] stateBefore(int i) {
            return i == 0 ? resetState : steps.get(i - 1).state();
        }

        @Override
        public String toString() {
            return envId + " seed " + seed;
        }
    }

    /** The five reference episodes of {@code envId}, in file order. */
    static List<Episode> load(String envId) {
        String resource = "/gymnasium-1.4.0/" + envId + ".jsonl";
        ObjectMapper mapper = new ObjectMapper();
        List<Episode> episodes = new ArrayList<>();
        try (InputStream in = ReferenceEpisodes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    episodes.add(episode(mapper.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return episodes;
    }

    private static Episode episode(JsonNode node) {
        List<RefStep> steps = new ArrayList<>();
        for (JsonNode s : node.get("steps")) {
            steps.add(
                    new RefStep(
                            action(s.get("action")),
                            doubles(s.get("obs")),
                            s.get("reward").asDouble(),
                            s.get("terminated").asBoolean(),
                            s.get("truncated").asBoolean(),
                            doubles(s.get("state"))));
        }
        return new Episode(
                node.get("env_id").asText(),
                node.get("seed").asLong(),
                doubles(node.get("reset_state")),
                doubles(node.get("reset_obs")),
                steps);
    }

    /** An int for Discrete actions, a float32 tensor for Box actions. */
    private static Object action(JsonNode node) {
        if (node.isArray()) {
            float[] values = new float[node.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) node.get(i).asDouble();
            }
            return Tensor.of(values);
        }
        return node.asInt();
    }

    private static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
