package io.gymbridge.agents.buffers;

import io.gymbridge.agents.checkpoints.Checkpointed;
import io.gymbridge.agents.seeding.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Spinning Up's off-policy {@code ReplayBuffer}: a FIFO of transitions (s, a, r, s', d) in
 * preallocated float arrays, no object per transition, overwriting the oldest when full. Its memory
 * is {@link #bytes()}: for 10^6 transitions of a 17-dim observation and 6-dim action, 4 bytes x (17
 * + 17 + 6 + 2) x 10^6 = 168 MB.
 *
 * <p>{@code d} is the {@code terminated} flag only: a truncated episode (time limit) is not a
 * terminal state, and its backup must still bootstrap from Q(s', .).
 *
 * <p>As {@link Checkpointed} it writes {@code replay_buffer.bin} (little-endian: a header of
 * dimensions and position, then the stored rows of each array).
 */
public final class ReplayBuffer implements Checkpointed {
    /** The checkpoint file. */
    public static final String FILE = "replay_buffer.bin";

    private static final int MAGIC = 0x47425242; // "GBRB"
    private final int obsDim;
    private final int actDim;
    private final int maxSize;
    private final float[] obs;
    private final float[] obs2;
    private final float[] act;
    private final float[] rew;
    private final float[] done;
    private int ptr;
    private int size;

    /** A buffer of at most {@code maxSize} transitions. */
    public ReplayBuffer(int obsDim, int actDim, int maxSize) {
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.maxSize = maxSize;
        obs = new float[Math.multiplyExact(maxSize, obsDim)];
        obs2 = new float[maxSize * obsDim];
        act = new float[Math.multiplyExact(maxSize, actDim)];
        rew = new float[maxSize];
        done = new float[maxSize];
    }

    /** Stores one transition; {@code terminated} is the done flag (never truncation). */
    public void store(float[] o, float[] a, double r, float[] o2, boolean terminated) {
        System.arraycopy(o, 0, obs, ptr * obsDim, obsDim);
        System.arraycopy(o2, 0, obs2, ptr * obsDim, obsDim);
        System.arraycopy(a, 0, act, ptr * actDim, actDim);
        rew[ptr] = (float) r;
        done[ptr] = terminated ? 1f : 0f;
        ptr = (ptr + 1) % maxSize;
        size = Math.min(size + 1, maxSize);
    }

    /** The number of transitions held. */
    public int size() {
        return size;
    }

    /** The capacity, dimensions and memory, as the run's log shows them. */
    public String describe() {
        return String.format(
                "Replay buffer: %d transitions of obs_dim %d, act_dim %d, preallocated %.1f MB",
                maxSize, obsDim, actDim, bytes() / 1e6);
    }

    /** The memory of the preallocated arrays, in bytes. */
    public long bytes() {
        return 4L * maxSize * (2L * obsDim + actDim + 2);
    }

    /** {@code n} transitions drawn uniformly with replacement. */
    public Batch sample(int n, Rng rng) {
        Batch b = new Batch(obsDim, actDim, n);
        for (int k = 0; k < n; k++) {
            int i = rng.nextInt(size);
            System.arraycopy(obs, i * obsDim, b.obs, k * obsDim, obsDim);
            System.arraycopy(obs2, i * obsDim, b.obs2, k * obsDim, obsDim);
            System.arraycopy(act, i * actDim, b.act, k * actDim, actDim);
            b.rew[k] = rew[i];
            b.done[k] = done[i];
        }
        return b;
    }

    @Override
    public void save(Path dir) throws IOException {
        try (FileChannel out =
                FileChannel.open(
                        dir.resolve(FILE),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(obsDim).putInt(actDim).putInt(maxSize).putInt(ptr);
            header.putInt(size).flip();
            writeFully(out, header);
            Floats io = new Floats(out);
            io.write(obs, size * obsDim);
            io.write(obs2, size * obsDim);
            io.write(act, size * actDim);
            io.write(rew, size);
            io.write(done, size);
        }
    }

    @Override
    public void load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, header, file);
            header.flip();
            int magic = header.getInt();
            int[] dims = {header.getInt(), header.getInt(), header.getInt()};
            int storedPtr = header.getInt();
            int storedSize = header.getInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(file + " is not a replay buffer");
            }
            if (dims[0] != obsDim || dims[1] != actDim || dims[2] != maxSize) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s holds a replay buffer of obs_dim %d, act_dim %d, size %d;"
                                        + " this run needs %d, %d, %d",
                                file, dims[0], dims[1], dims[2], obsDim, actDim, maxSize));
            }
            if (storedSize < 0 || storedSize > maxSize || storedPtr < 0 || storedPtr >= maxSize) {
                throw new IllegalArgumentException(file + " has a corrupt header");
            }
            Floats io = new Floats(in, file);
            io.read(obs, storedSize * obsDim);
            io.read(obs2, storedSize * obsDim);
            io.read(act, storedSize * actDim);
            io.read(rew, storedSize);
            io.read(done, storedSize);
            ptr = storedPtr;
            size = storedSize;
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new IllegalArgumentException(file + " is truncated");
            }
        }
    }

    /** Float arrays through a channel in chunks of 1 MiB, little-endian. */
    private static final class Floats {
        private final FileChannel channel;
        private final Path file;
        private final ByteBuffer chunk =
                ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Floats(FileChannel channel) {
            this(channel, null);
        }

        Floats(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
        }

        void write(float[] values, int n) throws IOException {
            for (int off = 0; off < n; ) {
                int len = Math.min(n - off, chunk.capacity() / 4);
                chunk.clear();
                chunk.asFloatBuffer().put(values, off, len);
                chunk.limit(len * 4);
                writeFully(channel, chunk);
                off += len;
            }
        }

        void read(float[] values, int n) throws IOException {
            for (int off = 0; off < n; ) {
                int len = Math.min(n - off, chunk.capacity() / 4);
                chunk.clear().limit(len * 4);
                readFully(channel, chunk, file);
                chunk.flip();
                chunk.asFloatBuffer().get(values, off, len);
                off += len;
            }
        }
    }

    /**
     * A sampled batch, row-major.
     *
     * @param obsDim observation size
     * @param actDim action size
     * @param size number of transitions
     * @param obs {@code [n, obsDim]}
     * @param act {@code [n, actDim]}, normalised
     * @param rew {@code [n]}
     * @param obs2 {@code [n, obsDim]}
     * @param done {@code [n]}, 1 where the transition terminated
     */
    public record Batch(
            int obsDim,
            int actDim,
            int size,
            float[] obs,
            float[] act,
            float[] rew,
            float[] obs2,
            float[] done) {
        Batch(int obsDim, int actDim, int n) {
            this(
                    obsDim,
                    actDim,
                    n,
                    new float[n * obsDim],
                    new float[n * actDim],
                    new float[n],
                    new float[n * obsDim],
                    new float[n]);
        }
    }
}
