package io.gymbridge.bench;

import io.gymbridge.agents.buffers.ReplayBuffer;
import io.gymbridge.agents.seeding.Rng;

/**
 * Heap taken by a replay buffer of 10^6 transitions of a 17-dim observation and a 6-dim action
 * (HalfCheetah's sizes), measured by the JVM beside the computed size, and the cost of storing and
 * sampling. Run with the launcher's class path:
 *
 * <pre>
 * java -cp "agents/cli/target/gymbridge-cli-0.1.0-SNAPSHOT.jar:$(cat agents/cli/target/classpath.txt)" \
 *     io.gymbridge.bench.ReplayBufferMemory
 * </pre>
 */
public final class ReplayBufferMemory {
    private ReplayBufferMemory() {}

    /** Runs the measurement; takes no arguments. */
    public static void main(String[] args) {
        Runtime rt = Runtime.getRuntime();
        long before = used(rt);
        ReplayBuffer buf = new ReplayBuffer(17, 6, 1_000_000);
        long after = used(rt);
        float[] o = new float[17];
        float[] o2 = new float[17];
        float[] a = new float[6];
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            o[0] = i;
            buf.store(o, a, 1.0, o2, false);
        }
        long t1 = System.nanoTime();
        Rng rng = new Rng(0);
        for (int i = 0; i < 10_000; i++) {
            buf.sample(100, rng);
        }
        long t2 = System.nanoTime();
        System.out.printf(
                "%s%nheap measured: %.1f MB; store: %.0f ns per transition; sample of 100: %.1f us%n",
                buf.describe(), (after - before) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e4 / 1e3);
    }

    private static long used(Runtime rt) {
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
