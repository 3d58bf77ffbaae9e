package io.gymbridge.envs.mujoco;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An env's default camera, as the {@code default_camera_config} dict Gymnasium's MuJoCo envs pass
 * to their renderer: the attributes of MuJoCo's free camera ({@code mjvCamera}) to set after the
 * renderer has placed it (looking at the median of the geoms' positions from {@code stat.extent}
 * away); attributes left out keep those values (or MuJoCo's defaults: azimuth 90, elevation -45).
 *
 * <p>{@code trackbodyid} is set as Gymnasium sets it, but it moves nothing: Gymnasium's camera is
 * of type free, and MuJoCo (2.2.2 as later) follows {@code trackbodyid} only with a tracking
 * camera. Gymnasium's camera therefore stays where the first frame put it, and so does ours.
 *
 * <pre>{@code
 * CameraConfig.NONE.trackBodyId(2).distance(3.0).lookat(0, 0, 1.15).elevation(-20.0)
 * }</pre>
 */
public final class CameraConfig {
    /** No attribute set: the renderer's own placement. */
    public static final CameraConfig NONE = new CameraConfig(null, null, null, null, null);

    private final Integer trackBodyId;
    private final double[] lookat;
    private final Double distance;
    private final Double azimuth;
    private final Double elevation;

    private CameraConfig(
            Integer trackBodyId,
            double[] lookat,
            Double distance,
            Double azimuth,
            Double elevation) {
        this.trackBodyId = trackBodyId;
        this.lookat = lookat;
        this.distance = distance;
        this.azimuth = azimuth;
        this.elevation = elevation;
    }

    /** This config with {@code trackbodyid} set (no effect on a free camera: see above). */
    public CameraConfig trackBodyId(int id) {
        return new CameraConfig(id, lookat, distance, azimuth, elevation);
    }

    /** This config with the point looked at, in world coordinates. */
    public CameraConfig lookat(double x, double y, double z) {
        return new CameraConfig(trackBodyId, new double[] {x, y, z}, distance, azimuth, elevation);
    }

    /** This config with the distance from the point looked at. */
    public CameraConfig distance(double d) {
        return new CameraConfig(trackBodyId, lookat, d, azimuth, elevation);
    }

    /** This config with the azimuth in degrees (90 looks along +y). */
    public CameraConfig azimuth(double degrees) {
        return new CameraConfig(trackBodyId, lookat, distance, degrees, elevation);
    }

    /** This config with the elevation in degrees (negative looks down). */
    public CameraConfig elevation(double degrees) {
        return new CameraConfig(trackBodyId, lookat, distance, azimuth, degrees);
    }

    /** The {@code trackbodyid} set, if any. */
    public OptionalInt trackBodyId() {
        return trackBodyId == null ? OptionalInt.empty() : OptionalInt.of(trackBodyId);
    }

    /** The point looked at (a copy), or null if not set. */
    public double[] lookat() {
        return lookat == null ? null : lookat.clone();
    }

    /** The distance set, if any. */
    public OptionalDouble distance() {
        return distance == null ? OptionalDouble.empty() : OptionalDouble.of(distance);
    }

    /** The azimuth set, if any. */
    public OptionalDouble azimuth() {
        return azimuth == null ? OptionalDouble.empty() : OptionalDouble.of(azimuth);
    }

    /** The elevation set, if any. */
    public OptionalDouble elevation() {
        return elevation == null ? OptionalDouble.empty() : OptionalDouble.of(elevation);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CameraConfig{");
        trackBodyId().ifPresent(v -> b.append("trackbodyid=").append(v).append(' '));
        if (lookat != null) {
            b.append("lookat=").append(Arrays.toString(lookat)).append(' ');
        }
        distance().ifPresent(v -> b.append("distance=").append(v).append(' '));
        azimuth().ifPresent(v -> b.append("azimuth=").append(v).append(' '));
        elevation().ifPresent(v -> b.append("elevation=").append(v).append(' '));
        return b.toString().strip() + "}";
    }
}
