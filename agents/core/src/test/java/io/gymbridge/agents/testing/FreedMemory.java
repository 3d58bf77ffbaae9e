package io.gymbridge.agents.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a use of freed native memory visible: collects garbage so that unreachable direct buffers
 * are freed, then allocates many small direct buffers filled with 99, which malloc serves from the
 * memory just freed. A tensor still reading freed buffer memory then sees 99s.
 */
public final class FreedMemory {
    private FreedMemory() {}

    /** The value the freed memory holds afterwards. */
    public static final float SCRIBBLE = 99f;

    private static final List<ByteBuffer> held = new ArrayList<>();

    /** Frees unreachable direct buffers and fills their memory with {@link #SCRIBBLE}. */
    public static void scribble() {
        held.clear();
        System.gc();
        try {
            Thread.sleep(100); // the Cleaner thread frees the buffers after the collection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int size = 4; size <= 64; size *= 2) {
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                for (int k = 0; k + 4 <= size; k += 4) {
                    b.putFloat(k, SCRIBBLE);
                }
                held.add(b);
            }
        }
    }
}
