package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MJCF models bundled with gymbridge (physically identical to Gymnasium 1.4.0's assets; see the
 * README beside them), and the models an operator allows by directory.
 *
 * <p>An env's {@code xml_file} kwarg names a bundled model ({@code "hopper.xml"}) or a model in the
 * directory given by the system property {@code gymbridge.mujoco.models} (a server's operator sets
 * it): a name, never a path, so a client of a server can only pick models the operator put there.
 */
final class Assets {
    private Assets() {}

    /** The bundled model files. */
    static final List<String> BUNDLED =
            List.of(
                    "ant.xml",
                    "half_cheetah.xml",
                    "hopper.xml",
                    "humanoid.xml",
                    "humanoidstandup.xml",
                    "inverted_double_pendulum.xml",
                    "inverted_pendulum.xml",
                    "pusher.xml",
                    "pusher_v5.xml",
                    "reacher.xml",
                    "swimmer.xml",
                    "walker2d.xml",
                    "walker2d_v5.xml");

    /** The system property naming the directory of models an operator allows by name. */
    static final String MODELS_PROPERTY = Mujoco.MODELS_PROPERTY;

    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    /**
     * The file for {@code xmlFile}: a bundled model (extracted once per process) or one in the
     * operator's model directory.
     *
     * @throws EnvException INVALID_ARGUMENT for anything else, naming what is allowed
     */
    static Path resolve(String envId, String xmlFile) {
        if (xmlFile == null || xmlFile.isEmpty()) {
            throw EnvException.invalidArgument(envId + ": xml_file must not be empty");
        }
        String dir = System.getProperty(MODELS_PROPERTY);
        if (isPlainName(xmlFile) && dir != null && !dir.isBlank()) {
            Path own = Path.of(dir).resolve(xmlFile);
            if (Files.isRegularFile(own)) {
                return own;
            }
        }
        if (BUNDLED.contains(xmlFile)) {
            return EXTRACTED.computeIfAbsent(xmlFile, Assets::extract);
        }
        throw EnvException.invalidArgument(
                envId
                        + ": xml_file "
                        + quoted(xmlFile)
                        + " is neither a bundled model "
                        + BUNDLED
                        + " nor a model file in the directory set by -D"
                        + MODELS_PROPERTY
                        + (dir == null ? " (not set)" : " (" + dir + ")"));
    }

    /** A file name without any directory part. */
    static boolean isPlainName(String name) {
        return !name.contains("/")
                && !name.contains("\\")
                && !name.equals(".")
                && !name.equals("..")
                && !name.isBlank();
    }

    private static Path extract(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw EnvException.failedPrecondition(
                        "the bundled MuJoCo model " + name + " is missing from this build");
            }
            Path dir = Files.createTempDirectory("gymbridge-mujoco-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the MuJoCo model " + name, e);
        }
    }

    private static String quoted(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + shown + "'";
    }
}
