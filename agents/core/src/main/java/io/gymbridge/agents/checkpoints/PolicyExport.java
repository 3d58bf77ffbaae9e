package io.gymbridge.agents.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.agents.nn.ActivationFn;
import io.gymbridge.agents.nn.FastMlp;
import io.gymbridge.agents.nn.FastPolicy;
import io.gymbridge.agents.rollout.ActionScale;
import io.gymbridge.agents.rollout.SpaceCodec;
import io.gymbridge.agents.seeding.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code policy.json}: a trained policy as plain numbers, loadable without DJL. Format:
 *
 * <pre>{@code
 * {"format": "gymbridge-policy/1",
 *  "observation": {"kind": "box", "size": 4},
 *  "action": {"kind": "discrete", "n": 2, "start": 0},
 *  "activation": "tanh",
 *  "layers": [{"in": 4, "out": 64, "weight": [... out*in, row-major ...], "bias": [...]}, ...],
 *  "log_std": [...],            (on-policy Gaussian policies only)
 *  "head": "tanh",              (off-policy only: "tanh" for DDPG and TD3, "tanh_gaussian" for
 *  "action_low": [...],          SAC, whose last layer outputs [mu, log_std]; actions are
 *  "action_high": [...]}         squashed into [-1, 1] and mapped onto these bounds)
 * }</pre>
 *
 * Without {@code head}, the policy is categorical (Discrete actions) or Gaussian ({@code log_std}).
 */
public final class PolicyExport {
    private PolicyExport() {}

    /** The format tag. */
    public static final String FORMAT = "gymbridge-policy/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the policy. */
    public static void write(Path file, FastPolicy policy) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("observation", policy.obsCodec().toJson());
        root.set("action", policy.actCodec().toJson());
        FastMlp mlp = policy.network();
        root.put("activation", mlp.activation().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode layers = root.putArray("layers");
        int[] sizes = mlp.sizes();
        for (int l = 0; l < sizes.length - 1; l++) {
            ObjectNode layer = layers.addObject();
            layer.put("in", sizes[l]);
            layer.put("out", sizes[l + 1]);
            floats(layer.putArray("weight"), mlp.weight(l));
            floats(layer.putArray("bias"), mlp.bias(l));
        }
        if (policy.logStd() != null) {
            floats(root.putArray("log_std"), policy.logStd());
        }
        if (policy.scale() != null) {
            root.put("head", policy.head().name().toLowerCase(java.util.Locale.ROOT));
            floats(root.putArray("action_low"), policy.scale().low());
            floats(root.putArray("action_high"), policy.scale().high());
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) {
            array.add(v);
        }
    }

    /**
     * Reads a policy written by {@link #write}.
     *
     * @throws IllegalArgumentException if the file is not a policy export
     */
    public static FastPolicy read(Path file, Rng rng) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + " is not a " + FORMAT + " file");
        }
        JsonNode layers = root.get("layers");
        int[] sizes = new int[layers.size() + 1];
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            sizes[l] = layer.get("in").asInt();
            sizes[l + 1] = layer.get("out").asInt();
            weights.add(floats(layer.get("weight")));
            biases.add(floats(layer.get("bias")));
        }
        FastMlp mlp =
                new FastMlp(
                        sizes,
                        weights,
                        biases,
                        ActivationFn.parse(root.get("activation").asText()));
        SpaceCodec.Obs obs = SpaceCodec.observationFromJson(root.get("observation"));
        SpaceCodec.Act act = SpaceCodec.actionFromJson(root.get("action"));
        if (root.has("head")) {
            FastPolicy.Head head = head(root.get("head").asText(), file);
            ActionScale scale =
                    new ActionScale(
                            floats(root.get("action_low")), floats(root.get("action_high")), act);
            return FastPolicy.squashed(mlp, head, obs, scale, rng);
        }
        return new FastPolicy(
                mlp, root.has("log_std") ? floats(root.get("log_std")) : null, obs, act, rng);
    }

    private static FastPolicy.Head head(String name, Path file) {
        return switch (name) {
            case "tanh" -> FastPolicy.Head.TANH;
            case "tanh_gaussian" -> FastPolicy.Head.TANH_GAUSSIAN;
            default ->
                    throw new IllegalArgumentException(
                            file + " has an unknown head \"" + name + "\"");
        };
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
