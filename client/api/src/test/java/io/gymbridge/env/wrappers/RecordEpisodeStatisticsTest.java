package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.testing.CountingEnv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordEpisodeStatisticsTest {

    @Test
    void step_episodeTerminates_infoHasReturnLengthAndTime() {
        // CountingEnv rewards 1, 2, 3 and terminates on step 3: return 6, length 3
        var env = new RecordEpisodeStatistics<>(CountingEnv.discrete(3));
        env.reset(0);
        assertFalse(env.step(0).info().containsKey("episode"));
        assertFalse(env.step(0).info().containsKey("episode"));
        Step<Tensor> last = env.step(0);

        assertTrue(last.terminated());
        Map<?, ?> episode = assertInstanceOf(Map.class, last.info().get("episode"));
        assertEquals(6.0, assertInstanceOf(Double.class, episode.get("r")));
        assertEquals(3L, assertInstanceOf(Long.class, episode.get("l")));
        double t = assertInstanceOf(Double.class, episode.get("t"));
        assertTrue(t >= 0 && t < 10, "t = " + t);
        assertEquals(List.of("r", "l", "t"), List.copyOf(episode.keySet()));
        assertEquals(3, last.info().get("step"), "the env's own info is kept");
    }

    @Test
    void step_episodeTruncated_infoHasStatistics() {
        var env = new RecordEpisodeStatistics<>(new TimeLimit<>(CountingEnv.discrete(0), 2));
        env.reset(0);
        env.step(1);
        Step<Tensor> last = env.step(1);

        assertTrue(last.truncated());
        Map<?, ?> episode = (Map<?, ?>) last.info().get("episode");
        assertEquals(3.0, episode.get("r"));
        assertEquals(2L, episode.get("l"));
    }

    @Test
    void step_slowEpisode_timeIsElapsedSecondsRoundedToMicroseconds() {
        var slow =
                new TransformReward<>(
                        CountingEnv.discrete(1),
                        r -> {
                            sleep(30);
                            return r;
                        });
        var env = new RecordEpisodeStatistics<>(slow);
        env.reset(0);
        double t = (Double) ((Map<?, ?>) env.step(0).info().get("episode")).get("t");

        assertTrue(t >= 0.03 && t < 5, "t = " + t);
        assertEquals(Math.rint(t * 1e6), t * 1e6, 1e-6, "rounded to 6 decimals: " + t);
        assertEquals(List.of(t), env.timeQueue());
    }

    @Test
    void queues_moreEpisodesThanBufferLength_keepTheLatest() {
        var env = new RecordEpisodeStatistics<>(CountingEnv.discrete(0), 2, "episode");
        // episodes of 1, 2 and 3 steps: returns 1, 3, 6
        for (int length = 1; length <= 3; length++) {
            env.reset(null, Map.of("terminate_after", length));
            for (int k = 0; k < length; k++) {
                env.step(0);
            }
        }

        assertEquals(List.of(3.0, 6.0), env.returnQueue());
        assertEquals(List.of(2L, 3L), env.lengthQueue());
        assertEquals(2, env.timeQueue().size());
        assertEquals(3, env.episodeCount());
    }

    @Test
    void reset_midEpisode_restartsReturnAndLength() {
        var env = new RecordEpisodeStatistics<>(CountingEnv.discrete(2));
        env.reset(0);
        env.step(0);
        assertEquals(1.0, env.episodeReturn());
        env.reset();
        assertEquals(0.0, env.episodeReturn());
        assertEquals(0, env.episodeLength());
        env.step(0);
        Map<?, ?> episode = (Map<?, ?>) env.step(0).info().get("episode");

        assertEquals(3.0, episode.get("r"));
        assertEquals(2L, episode.get("l"));
        assertEquals(1, env.episodeCount());
    }

    @Test
    void step_customStatsKey_usesIt() {
        var env = new RecordEpisodeStatistics<>(CountingEnv.discrete(1), 100, "stats");
        env.reset(0);
        Map<String, Object> info = env.step(0).info();

        assertTrue(info.containsKey("stats"));
        assertFalse(info.containsKey("episode"));
    }

    @Test
    void step_appliedTwice_isInternalNamingTheKey() {
        var env =
                new RecordEpisodeStatistics<>(
                        new RecordEpisodeStatistics<>(CountingEnv.discrete(1)));
        env.reset(0);
        EnvException e = assertThrows(EnvException.class, () -> env.step(0));

        assertEquals(EnvException.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("'episode'"), e.getMessage());
    }

    @Test
    void constructor_bufferLengthZero_throws() {
        var env = CountingEnv.discrete(1);
        assertThrows(
                IllegalArgumentException.class,
                () -> new RecordEpisodeStatistics<>(env, 0, "episode"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
