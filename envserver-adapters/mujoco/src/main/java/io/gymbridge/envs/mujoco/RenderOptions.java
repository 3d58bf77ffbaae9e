package io.gymbridge.envs.mujoco;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.Kwargs;

/**
 * The rendering kwargs every Gymnasium MuJoCo env takes: {@code width} and {@code height} (480),
 * {@code camera_id} or {@code camera_name} (not both).
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param cameraId the camera's id, or -1
 * @param cameraName the camera's name, or null
 */
record RenderOptions(int width, int height, int cameraId, String cameraName) {

    /** Gymnasium's {@code DEFAULT_SIZE}. */
    static final int DEFAULT_SIZE = 480;

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
        return new RenderOptions((int) width, (int) height, (int) cameraId, cameraName);
    }
}
