package io.gymbridge.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a run directory's config.json says about the run, for {@code ./gymbridge run --resume DIR}.
 *
 * <p>config.json is Spinning Up's record of a run: the hyperparameters at the top level next to
 * {@code exp_name}, plus, for gymbridge, {@code algo} (the algorithm's name) and {@code env} (or
 * Spinning Up's {@code env_name}) and {@code engine}. If the hyperparameters sit under a {@code
 * config} object instead, that object is used. Keys that are not the config's are ignored when it
 * is typed.
 *
 * @param dir the run directory
 * @param algo the algorithm's name, if config.json names it
 * @param env the env id or URL
 * @param expName the experiment name (the directory's name if config.json has none)
 * @param engine the DJL engine the run used, if config.json says
 * @param config the hyperparameters as saved
 */
public record SavedRun(
        Path dir,
        Optional<String> algo,
        String env,
        String expName,
        Optional<String> engine,
        ObjectNode config) {

    /** Keys of config.json that describe the run rather than the config. */
    private static final Set<String> RUN_KEYS =
            Set.of("algo", "env", "env_name", "exp_name", "logger_kwargs", "output_dir", "engine");

    /**
     * Reads {@code dir/config.json}.
     *
     * @throws IllegalArgumentException if the directory, the file or the env is missing, or the
     *     file is not a JSON object
     */
    public static SavedRun read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--resume: no run directory " + dir);
        }
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--resume: "
                            + dir
                            + " has no config.json; give a run directory such as"
                            + " data/exp/exp_s0");
        }
        JsonNode root;
        try {
            root = ConfigBinder.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--resume: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode o)) {
            throw new IllegalArgumentException("--resume: " + file + " is not a JSON object");
        }
        String env =
                text(o, "env")
                        .or(() -> text(o, "env_name"))
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "--resume: "
                                                        + file
                                                        + " names no env (\"env\" or \"env_name\")"));
        String expName = text(o, "exp_name").orElse(dir.getFileName().toString());
        ObjectNode config;
        if (o.get("config") instanceof ObjectNode nested) {
            config = nested.deepCopy();
        } else {
            config = o.deepCopy();
            config.remove(RUN_KEYS);
        }
        return new SavedRun(dir, text(o, "algo"), env, expName, text(o, "engine"), config);
    }

    private static Optional<String> text(ObjectNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isTextual() && !v.textValue().isBlank()
                ? Optional.of(v.textValue())
                : Optional.empty();
    }
}
