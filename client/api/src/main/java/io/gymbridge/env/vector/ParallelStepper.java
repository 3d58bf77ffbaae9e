package io.gymbridge.env.vector;

import io.gymbridge.env.EnvException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Decides whether a vector env's envs step one after another or on all cores, and runs them.
 *
 * <p>The decision follows measured cost: when every one of the last 8 batches took more than {@link
 * #PARALLEL_ABOVE_NANOS} per env (timed inside each env's step), the next batch is split among the
 * cores, each thread taking the next env from a shared counter (the calling thread too). The worker
 * threads are daemons shared by every vector env of the process; {@code
 * -Dgymbridge.vector.sequential=true} turns the splitting off.
 */
final class ParallelStepper {
    /** Per-env step time above which splitting among cores pays for the hand-off to a thread. */
    static final long PARALLEL_ABOVE_NANOS = 15_000;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final class Pool {
        static final ExecutorService WORKERS =
                Executors.newFixedThreadPool(
                        Math.max(1, CORES - 1),
                        r -> {
                            Thread t = new Thread(r, "gymbridge-vector-step");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * The system property that keeps every vector env's steps in the calling thread (for
     * comparisons, or a host whose other cores are spoken for).
     */
    static final String SEQUENTIAL_PROPERTY = "gymbridge.vector.sequential";

    /** The mean time one env took to step, in each of the last {@link #WINDOW} batches. */
    private final long[] recent = new long[WINDOW];

    private static final int WINDOW = 8;

    private int batches;

    /**
     * Whether a batch of {@code n} envs should be split among cores: when even the cheapest of the
     * last batches cost more than {@link #PARALLEL_ABOVE_NANOS} an env. The minimum, and the time
     * inside each env's own step (not the batch's wall time), so that a preempted batch does not
     * make cheap envs look expensive, and stepping in parallel does not make expensive ones look
     * cheap.
     */
    boolean parallel(int n) {
        if (CORES < 2 || n < 2 || batches < 2 || Boolean.getBoolean(SEQUENTIAL_PROPERTY)) {
            return false;
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(batches, WINDOW); i++) {
            min = Math.min(min, recent[i]);
        }
        return min > PARALLEL_ABOVE_NANOS;
    }

    /** Records a batch: {@code nanosInEnvs}, the sum of the {@code n} envs' own step times. */
    void observe(int n, long nanosInEnvs) {
        recent[batches % WINDOW] = nanosInEnvs / Math.max(1, n);
        batches++;
    }

    /**
     * Runs {@code body} for 0..n-1 on all cores and waits for all of it. The envs are handed out
     * one at a time from a shared counter (the calling thread takes part), so an env that costs
     * more (a reset, a contact-rich state) does not leave a core idle; the first failure is
     * rethrown once every thread has stopped.
     */
    void forEach(int n, IntConsumer body) {
        int threads = Math.min(CORES, n);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable drain =
                () -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                        try {
                            body.accept(i);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                };
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            futures.add(Pool.WORKERS.submit(drain));
        }
        drain.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(
                        null,
                        new EnvException(
                                EnvException.Code.INTERNAL,
                                "an env failed while stepping: " + e.getCause(),
                                e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvException(
                        EnvException.Code.CANCELLED, "interrupted while the envs stepped", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
