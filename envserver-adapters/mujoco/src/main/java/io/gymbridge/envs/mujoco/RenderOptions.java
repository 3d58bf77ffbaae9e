package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.Kwargs;

/**
 * The rendering kwargs every Gymnasium MuJoCo env takes: {@code width} and {@code height} (480),
 * {@code camera_id} or {@code camera_name} (not both; neither: the free camera).
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param cameraId the camera's id, or -1
 * @param cameraName the camera's name, or null
 */
public record RenderOptions(int width, int height, int cameraId, String cameraName) {

    /** Gymnasium's {@code DEFAULT_SIZE}. */
    static final int DEFAULT_SIZE = 480;

    /** 480x480 frames from the free camera. */
    public static final RenderOptions DEFAULT =
            new RenderOptions(DEFAULT_SIZE, DEFAULT_SIZE, -1, null);

    /** Reads the rendering kwargs. */
    static RenderOptions read(String envId, Kwargs k) {
        long width = k.getLong("width", DEFAULT_SIZE);
        long height = k.getLong("height", DEFAULT_SIZE);
        long cameraId = k.getLong("camera_id", -1);
        String cameraName = k.getString("camera_name", null);
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw EnvException.invalidArgument(
                    envId + ": width and height must be in [1, 8192], got " + width + "x" + height);
        }
        if (cameraId >= 0 && cameraName != null) {
            throw EnvException.invalidArgument(
                    envId + ": both camera_id and camera_name were given; pass one");
        }
        if (cameraId < -1 || cameraId > Integer.MAX_VALUE) {
            throw EnvException.invalidArgument(
                    envId + ": camera_id must be a camera's id or -1 (free), got " + cameraId);
        }
        return new RenderOptions((int) width, (int) height, (int) cameraId, cameraName);
    }

    /**
     * The id of the model camera to render from, -1 for the free camera. Gymnasium resolves {@code
     * camera_name} with {@code mj_name2id} and renders an unknown name (id -1) from the free camera
     * without a word; here an unknown name or id is an error.
     *
     * @throws EnvException INVALID_ARGUMENT if the model has no such camera
     */
    int resolveCamera(String envId, MjSim sim) {
        int ncam = sim.modelInt("ncam");
        if (cameraName != null) {
            int id = sim.id(MjSim.ObjType.CAMERA, cameraName);
            if (id < 0) {
                throw EnvException.invalidArgument(
                        envId
                                + ": the model has no camera named \""
                                + cameraName
                                + "\""
                                + named(sim, ncam));
            }
            return id;
        }
        if (cameraId >= ncam) {
            throw EnvException.invalidArgument(
                    envId
                            + ": camera_id "
                            + cameraId
                            + " but the model has "
                            + ncam
                            + " cameras"
                            + named(sim, ncam));
        }
        return cameraId;
    }

    private static String named(MjSim sim, int ncam) {
        if (ncam == 0) {
            return " (it has none)";
        }
        StringBuilder b = new StringBuilder(" (it has");
        for (int i = 0; i < ncam; i++) {
            String n = sim.objectName(MjSim.ObjType.CAMERA, i);
            b.append(i == 0 ? " " : ", ").append(i).append(n == null ? "" : " \"" + n + "\"");
        }
        return b.append(')').toString();
    }
}
