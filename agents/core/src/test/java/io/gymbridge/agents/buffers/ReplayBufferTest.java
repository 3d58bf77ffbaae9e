package io.gymbridge.agents.buffers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.seeding.Rng;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay buffer: FIFO, terminated-only done flags, its memory, and its checkpoint file. */
class ReplayBufferTest {
    @TempDir Path dir;

    @Test
    void store_keepsTerminatedOnlyAndOverwritesOldest() {
        ReplayBuffer buf = new ReplayBuffer(1, 1, 2);
        buf.store(new float[] {1}, new float[] {0.1f}, 1, new float[] {2}, false);
        buf.store(new float[] {2}, new float[] {0.2f}, 2, new float[] {3}, true);
        buf.store(new float[] {3}, new float[] {0.3f}, 3, new float[] {4}, false);
        assertEquals(2, buf.size());
        ReplayBuffer.Batch b = buf.sample(50, new Rng(0));
        for (int k = 0; k < 50; k++) {
            assertTrue(b.obs()[k] == 2f || b.obs()[k] == 3f, "oldest overwritten");
            assertEquals(b.obs()[k] + 1, b.obs2()[k]);
            assertEquals(b.obs()[k] == 2f ? 1f : 0f, b.done()[k]);
            assertEquals(b.obs()[k], b.rew()[k]);
        }
    }

    @Test
    void bytes_millionStepsOf17DimObservations_is168MegabytesNotGigabytes() {
        // 4 bytes x (obs 17 + next obs 17 + action 6 + reward 1 + done 1) x 10^6
        assertEquals(168_000_000L, new ReplayBuffer(17, 6, 1).bytes() * 1_000_000L);
    }

    @Test
    void saveAndLoad_roundTripsContentsAndPosition() throws Exception {
        ReplayBuffer buf = new ReplayBuffer(3, 2, 5);
        Rng rng = new Rng(7);
        for (int i = 0; i < 7; i++) { // wraps around: 5 held, next write at 2
            float[] o = {i, (float) rng.nextGaussian(), -i};
            float[] o2 = {i + 1, (float) rng.nextGaussian(), -i - 1};
            buf.store(o, new float[] {0.1f * i, -0.1f * i}, i * 10, o2, i % 3 == 0);
        }
        buf.save(dir);
        ReplayBuffer loaded = new ReplayBuffer(3, 2, 5);
        loaded.load(dir);
        assertEquals(buf.size(), loaded.size());
        ReplayBuffer.Batch a = buf.sample(40, new Rng(3));
        ReplayBuffer.Batch b = loaded.sample(40, new Rng(3));
        assertArrayEquals(a.obs(), b.obs());
        assertArrayEquals(a.act(), b.act());
        assertArrayEquals(a.rew(), b.rew());
        assertArrayEquals(a.obs2(), b.obs2());
        assertArrayEquals(a.done(), b.done());
        // the write position survives: the next store overwrites the same slot in both
        float[] x = {99, 99, 99};
        buf.store(x, new float[] {1, 1}, 99, x, true);
        loaded.store(x, new float[] {1, 1}, 99, x, true);
        assertArrayEquals(buf.sample(40, new Rng(4)).obs(), loaded.sample(40, new Rng(4)).obs());
    }

    @Test
    void load_otherDimensions_namesBoth() throws Exception {
        new ReplayBuffer(3, 2, 5).save(dir);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new ReplayBuffer(4, 2, 5).load(dir));
        assertTrue(e.getMessage().contains("obs_dim 3"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 4"), e.getMessage());
    }
}
