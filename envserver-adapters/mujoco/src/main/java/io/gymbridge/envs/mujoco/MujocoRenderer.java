package io.gymbridge.envs.mujoco;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Tensor;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Offscreen rendering of one simulation, as Gymnasium 1.4.0's {@code MujocoRenderer} with its
 * {@code OffScreenViewer} ({@code mujoco_rendering.py}) in render mode rgb_array: an OSMesa
 * context, MuJoCo's offscreen framebuffer grown to the frame's size, a scene of up to 1000 geoms,
 * the 150% font; each frame {@code mjv_updateScene} (all categories), {@code mjr_render}, {@code
 * mjr_readPixels}, flipped to come top row first: a uint8 tensor [height, width, 3].
 *
 * <p>The camera, set once when the renderer starts: a free camera looking at the median of the
 * geoms' positions (per axis) from {@code stat.extent} away, then the env's {@link CameraConfig};
 * or, with {@code camera_id} or {@code camera_name}, the model's fixed camera of that id.
 *
 * <p>Threads: an OpenGL context is current on one thread, so each renderer has a thread of its own
 * that creates, uses and frees its context, and {@link #render} hops there and waits. The calling
 * thread, which owns the simulation, is blocked meanwhile, so only the render thread reads it.
 * Contexts are created one at a time ({@code mjr_makeContext} loads OpenGL's entry points into
 * MuJoCo's globals); frames of different renderers are drawn in parallel.
 */
final class MujocoRenderer implements AutoCloseable {
    private static final Logger log = Logger.getLogger(MujocoRenderer.class.getName());

    /** Gymnasium's {@code max_geom}. */
    static final int MAX_GEOM = 1000;

    // mjtCamera
    private static final int CAMERA_FREE = 0;
    private static final int CAMERA_FIXED = 2;

    private static final Object CREATING = new Object();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final MjSim sim;
    private final int width;
    private final int height;
    private final ExecutorService thread;
    private final Memory rgb;
    private Pointer renderer; // gb_renderer, used on `thread` only

    private MujocoRenderer(MjSim sim, int width, int height, ExecutorService thread) {
        this.sim = sim;
        this.width = width;
        this.height = height;
        this.thread = thread;
        this.rgb = new Memory(3L * width * height);
    }

    /**
     * Starts a renderer on a thread of its own.
     *
     * @param cameraId the model's fixed camera to render from, or -1 for the free camera
     * @param config the free camera's settings
     * @throws EnvException FAILED_PRECONDITION if offscreen rendering is not available here (naming
     *     what to install) or OpenGL does not start
     */
    static MujocoRenderer open(
            MjSim sim, int width, int height, int cameraId, CameraConfig config) {
        MujocoLibrary.get()
                .renderingUnavailableReason()
                .ifPresent(
                        why -> {
                            throw EnvException.failedPrecondition(why);
                        });
        ExecutorService thread =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread t =
                                    new Thread(
                                            task,
                                            "gymbridge-mujoco-render-" + THREADS.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        MujocoRenderer r = new MujocoRenderer(sim, width, height, thread);
        try {
            r.onThread(
                    () -> {
                        r.start(cameraId, config);
                        return null;
                    });
        } catch (RuntimeException e) {
            thread.shutdown();
            r.rgb.close();
            throw e;
        }
        return r;
    }

    /**
     * The current state as a frame.
     *
     * @throws EnvException INTERNAL if MuJoCo fails, FAILED_PRECONDITION once closed
     */
    Tensor render() {
        return onThread(this::draw);
    }

    /** Frees the OpenGL context and the scene, on the thread that made them; idempotent. */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            onThread(
                    () -> {
                        Shim.gb_renderer_free(renderer);
                        renderer = null;
                        return null;
                    });
        } finally {
            thread.shutdown();
            rgb.close();
        }
    }

    /** On the render thread: the context, then the camera as Gymnasium places it. */
    private void start(int cameraId, CameraConfig config) {
        PointerByReference out = new PointerByReference();
        synchronized (CREATING) {
            if (Shim.gb_renderer_new(sim.modelPointer(), width, height, MAX_GEOM, out) != 0) {
                throw EnvException.failedPrecondition(
                        "offscreen rendering of "
                                + sim.name()
                                + " could not start: "
                                + Shim.gb_last_error());
            }
        }
        renderer = out.getValue();
        if (Shim.gb_warning_count() > 0) {
            log.warning(() -> "MuJoCo while starting to render: " + Shim.gb_last_warning());
        }
        int[] ids = new int[3]; // type, fixedcamid, trackbodyid
        double[] pose = new double[6]; // lookat x, y, z, distance, azimuth, elevation
        Shim.gb_renderer_get_camera(renderer, ids, pose);
        // OffScreenViewer._init_camera
        ids[0] = CAMERA_FREE;
        ids[1] = -1;
        MjSim.MjArray geoms = sim.dataField("geom_xpos");
        for (int axis = 0; axis < 3; axis++) {
            pose[axis] = median(geoms, axis);
        }
        pose[3] = sim.extent();
        // MujocoRenderer._set_cam_config
        config.trackBodyId().ifPresent(id -> ids[2] = id);
        double[] lookat = config.lookat();
        if (lookat != null) {
            System.arraycopy(lookat, 0, pose, 0, 3);
        }
        config.distance().ifPresent(d -> pose[3] = d);
        config.azimuth().ifPresent(a -> pose[4] = a);
        config.elevation().ifPresent(e -> pose[5] = e);
        // OffScreenViewer.render(camera_id=...), which sets these before every frame
        ids[0] = cameraId >= 0 ? CAMERA_FIXED : CAMERA_FREE;
        ids[1] = cameraId;
        Shim.gb_renderer_set_camera(renderer, ids, pose);
    }

    /** {@code np.median(geom_xpos[:, axis])}; 0 for a model without geoms. */
    private static double median(MjSim.MjArray geoms, int axis) {
        int n = geoms.rows();
        if (n == 0) {
            return 0;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = geoms.get(i, axis);
        }
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** On the render thread: one frame, flipped as Gymnasium flips it ({@code rgb[::-1]}). */
    private Tensor draw() {
        if (Shim.gb_renderer_render(renderer, sim.modelPointer(), sim.dataPointer(), rgb) != 0) {
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    "MuJoCo could not render " + sim.name() + ": " + Shim.gb_last_error());
        }
        int row = 3 * width;
        byte[] frame = new byte[row * height];
        for (int y = 0; y < height; y++) {
            rgb.read((long) (height - 1 - y) * row, frame, y * row, row);
        }
        return Tensor.wrap(DType.UINT8, new int[] {height, width, 3}, frame);
    }

    /** Runs {@code task} on the render thread and waits for it, even if interrupted. */
    private <T> T onThread(Callable<T> task) {
        Future<T> result;
        try {
            result = thread.submit(task);
        } catch (RejectedExecutionException e) {
            throw EnvException.failedPrecondition("the renderer of " + sim.name() + " is closed");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the render thread may be reading the simulation: let it finish first
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof EnvException ee) {
                        throw new EnvException(ee.code(), ee.description(), ee);
                    }
                    throw new EnvException(
                            EnvException.Code.INTERNAL,
                            "rendering " + sim.name() + " failed: " + cause,
                            cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
