package io.gymbridge.env.wrappers;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps track of each episode's return, length and duration, as {@code
 * gymnasium.wrappers.RecordEpisodeStatistics} (Gymnasium 1.x).
 *
 * <p>On the step that ends an episode (terminated or truncated), the step's info gets the key
 * {@code "episode"} (or the configured key) holding a map:
 *
 * <pre>{@code
 * {"r": return (Double), "l": length in steps (Long), "t": seconds since the episode's reset,
 *  rounded to 6 decimals (Double)}
 * }</pre>
 *
 * and the three values are appended to {@link #returnQueue()}, {@link #lengthQueue()} and {@link
 * #timeQueue()}, which keep the last {@code bufferLength} episodes (100 by default). As in
 * Gymnasium, return and length restart at {@link #reset} only: stepping on past the end of an
 * episode without a reset keeps adding to them, while the clock restarts at the end of each
 * episode.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
    /** Gymnasium's default size of the queues. */
    public static final int DEFAULT_BUFFER_LENGTH = 100;

    /** Gymnasium's default info key. */
    public static final String DEFAULT_STATS_KEY = "episode";

    private final int bufferLength;
    private final String statsKey;
    private final ArrayDeque<Double> returnQueue = new ArrayDeque<>();
    private final ArrayDeque<Long> lengthQueue = new ArrayDeque<>();
    private final ArrayDeque<Double> timeQueue = new ArrayDeque<>();

    private long episodeCount;
    private long episodeStartNanos = System.nanoTime();
    private double episodeReturn;
    private long episodeLength;

    /** Records the episodes of {@code env} with Gymnasium's defaults. */
    public RecordEpisodeStatistics(Env<O, A> env) {
        this(env, DEFAULT_BUFFER_LENGTH, DEFAULT_STATS_KEY);
    }

    /**
     * Records the episodes of {@code env}.
     *
     * @param env the env to wrap
     * @param bufferLength how many recent episodes the queues keep, at least 1
     * @param statsKey the info key of the statistics
     * @throws IllegalArgumentException if bufferLength is less than 1
     */
    public RecordEpisodeStatistics(Env<O, A> env, int bufferLength, String statsKey) {
        super(env);
        if (bufferLength < 1) {
            throw new IllegalArgumentException("buffer_length must be >= 1, got " + bufferLength);
        }
        this.bufferLength = bufferLength;
        this.statsKey = Objects.requireNonNull(statsKey, "statsKey");
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        episodeStartNanos = System.nanoTime();
        episodeReturn = 0.0;
        episodeLength = 0;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (!s.done()) {
            return s;
        }
        if (s.info().containsKey(statsKey)) {
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    "the step info of "
                            + spec().id()
                            + " already has the key '"
                            + statsKey
                            + "': is RecordEpisodeStatistics applied twice?");
        }
        long now = System.nanoTime();
        double seconds = Math.round((now - episodeStartNanos) / 1e3) / 1e6;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("r", episodeReturn);
        stats.put("l", episodeLength);
        stats.put("t", seconds);
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put(statsKey, Collections.unmodifiableMap(stats));

        append(returnQueue, episodeReturn);
        append(lengthQueue, episodeLength);
        append(timeQueue, seconds);
        episodeCount++;
        episodeStartNanos = now;
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** The returns of the last {@code bufferLength} episodes, oldest first. */
    public List<Double> returnQueue() {
        return List.copyOf(returnQueue);
    }

    /** The lengths of the last {@code bufferLength} episodes, oldest first. */
    public List<Long> lengthQueue() {
        return List.copyOf(lengthQueue);
    }

    /** The durations in seconds of the last {@code bufferLength} episodes, oldest first. */
    public List<Double> timeQueue() {
        return List.copyOf(timeQueue);
    }

    /** The number of episodes ended since the wrapper was made. */
    public long episodeCount() {
        return episodeCount;
    }

    /** The return of the current episode so far. */
    public double episodeReturn() {
        return episodeReturn;
    }

    /** The length of the current episode so far. */
    public long episodeLength() {
        return episodeLength;
    }

    private <T> void append(ArrayDeque<T> queue, T value) {
        if (queue.size() == bufferLength) {
            queue.removeFirst();
        }
        queue.addLast(value);
    }
}
