package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Offscreen rendering of the MuJoCo envs (OSMesa): frames of the right shape and content, cameras
 * chosen by kwargs, errors at make and render, and renderers of several envs working at once.
 */
class MujocoRenderTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.withProviders();

    @Test
    void render_frameIsUint8HeightWidth3() {
        MujocoTesting.requireRendering();
        try (Env<Tensor, Tensor> env =
                REGISTRY.make(
                        "HalfCheetah-v5",
                        Map.of("render_mode", "rgb_array", "width", 320, "height", 240))) {
            env.reset(0L);
            Tensor frame = env.render();
            assertEquals(DType.UINT8, frame.dtype());
            assertArrayEquals(new int[] {240, 320, 3}, frame.shape());
        }
    }

    @Test
    void render_showsMoreThanTheBackground() {
        MujocoTesting.requireRendering();
        for (String id : List.of("InvertedPendulum-v5", "HalfCheetah-v5", "Hopper-v5")) {
            Tensor frame = frame(id, Map.of(), 0L, 0);
            int[] px = frame.toIntArray();
            Set<Integer> colors = new HashSet<>();
            for (int i = 0; i < px.length; i += 3) {
                colors.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]);
            }
            assertTrue(colors.size() > 100, id + ": only " + colors.size() + " colors");
        }
    }

    @Test
    void render_twoStates_differentFrames() {
        MujocoTesting.requireRendering();
        for (String id : List.of("InvertedPendulum-v5", "HalfCheetah-v5", "Hopper-v5")) {
            Tensor before = frame(id, Map.of(), 0L, 0);
            Tensor after = frame(id, Map.of(), 0L, 10);
            assertNotEquals(before, after, id);
            assertEquals(before, frame(id, Map.of(), 0L, 0), id + ": same state, same frame");
        }
    }

    @Test
    void render_namedCamera_differsFromTheFreeCamera_andEqualsItsId() {
        MujocoTesting.requireRendering();
        Tensor free = frame("HalfCheetah-v5", Map.of(), 0L, 0);
        Tensor track = frame("HalfCheetah-v5", Map.of("camera_name", "track"), 0L, 0);
        assertNotEquals(free, track);
        assertEquals(track, frame("HalfCheetah-v5", Map.of("camera_id", 0), 0L, 0));
        assertEquals(free, frame("HalfCheetah-v5", Map.of("camera_id", -1), 0L, 0));
    }

    @Test
    void make_unknownCamera_invalidArgumentNamingTheModelsCameras() {
        MujocoTesting.requireMujoco();
        EnvException name =
                assertThrows(
                        EnvException.class,
                        () ->
                                REGISTRY.make(
                                        "Hopper-v5",
                                        Map.of("render_mode", "rgb_array", "camera_name", "top")));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, name.code());
        assertTrue(name.getMessage().contains("\"top\""), name.getMessage());
        assertTrue(name.getMessage().contains("0 \"track\""), name.getMessage());
        EnvException id =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("InvertedPendulum-v5", Map.of("camera_id", 0)));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, id.code());
        assertTrue(id.getMessage().contains("has none"), id.getMessage());
    }

    @Test
    void make_renderModeOtherThanRgbArray_invalidArgument() {
        MujocoTesting.requireMujoco();
        EnvException e =
                assertThrows(
                        EnvException.class,
                        () -> REGISTRY.make("Hopper-v5", Map.of("render_mode", "human")));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, e.code());
        EnvException direct =
                assertThrows(
                        EnvException.class,
                        () -> HopperEnv.create(HopperEnv.V5, Map.of(), "depth_array"));
        assertEquals(EnvException.Code.INVALID_ARGUMENT, direct.code());
    }

    @Test
    void render_withoutRgbArrayOrBeforeReset_failedPrecondition() {
        MujocoTesting.requireMujoco();
        try (Env<Tensor, Tensor> env = REGISTRY.make("InvertedPendulum-v5", Map.of())) {
            env.reset(0L);
            EnvException e = assertThrows(EnvException.class, env::render);
            assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
            assertTrue(e.getMessage().contains("rgb_array"), e.getMessage());
        }
        try (MujocoEnv env =
                InvertedPendulumEnv.create(InvertedPendulumEnv.V5, Map.of(), "rgb_array")) {
            EnvException e = assertThrows(EnvException.class, env::render);
            assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        }
    }

    @Test
    void metadata_rgbArrayAtGymnasiumsFps() {
        MujocoTesting.requireMujoco();
        Map<String, Integer> fps = Map.of("InvertedPendulum-v5", 25, "HalfCheetah-v5", 20);
        for (var e : fps.entrySet()) {
            try (Env<Tensor, Tensor> env = REGISTRY.make(e.getKey(), Map.of())) {
                assertEquals(List.of("rgb_array"), env.metadata().get("render_modes"));
                assertEquals(e.getValue(), env.metadata().get("render_fps"), e.getKey());
            }
        }
        try (Env<Tensor, Tensor> env = REGISTRY.make("Hopper-v5", Map.of())) {
            assertEquals(125, env.metadata().get("render_fps"));
        }
    }

    @Test
    void render_twoEnvsOnTwoThreadsAtOnce_sameFramesAsOneByOne() throws Exception {
        MujocoTesting.requireRendering();
        List<String> ids = List.of("HalfCheetah-v5", "Hopper-v5");
        Map<String, List<Tensor>> alone = new HashMap<>();
        for (String id : ids) {
            alone.put(id, episode(id, null));
        }
        CyclicBarrier together = new CyclicBarrier(ids.size());
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<List<Tensor>>> runs = new ArrayList<>();
            for (String id : ids) {
                runs.add(pool.submit(() -> episode(id, together)));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(
                        alone.get(ids.get(i)),
                        runs.get(i).get(60, TimeUnit.SECONDS),
                        ids.get(i) + " rendered alongside another env");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The frame after a reset with {@code seed} and up to {@code steps} steps of a fixed action
     * (the episode may end before).
     */
    private static Tensor frame(String id, Map<String, Object> kwargs, long seed, int steps) {
        Map<String, Object> k = new HashMap<>(kwargs);
        k.put("render_mode", "rgb_array");
        try (Env<Tensor, Tensor> env = REGISTRY.make(id, k)) {
            env.reset(seed);
            for (int i = 0; i < steps && !env.step(action(env, i)).done(); i++) {
                // the pendulum falls and the hopper may fall before `steps`
            }
            return env.render();
        }
    }

    /** Frames of a short episode, started together with the others at {@code barrier}. */
    private static List<Tensor> episode(String id, CyclicBarrier barrier) throws Exception {
        try (Env<Tensor, Tensor> env =
                REGISTRY.make(
                        id, Map.of("render_mode", "rgb_array", "width", 160, "height", 120))) {
            env.reset(3L);
            if (barrier != null) {
                barrier.await(30, TimeUnit.SECONDS);
            }
            List<Tensor> frames = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                frames.add(env.render());
                if (env.step(action(env, i)).done()) {
                    break;
                }
            }
            return frames;
        }
    }

    /** A deterministic action that moves the robot: alternating full pushes. */
    private static Tensor action(Env<Tensor, Tensor> env, int step) {
        int n = env.actionSpace().sample(new Random(0)).size();
        float[] a = new float[n];
        for (int j = 0; j < n; j++) {
            a[j] = ((step / 5 + j) % 2 == 0) ? 1f : -1f;
        }
        return Tensor.of(a);
    }
}
