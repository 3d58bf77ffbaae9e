package io.gymbridge.agents.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Engine arrays made from Java float arrays: {@code HostArrays.create(m, data, shape)} where {@code
 * m.create(data, shape)} can be wrong on DJL's MXNet engine; likewise {@link #set}.
 *
 * <p>Given a Java array, DJL-MXNet copies it into a direct buffer of its own and hands MXNet that
 * buffer's address; after that the buffer is no longer used in Java, so a garbage collection during
 * the native copy may free it, and MXNet copies whatever malloc has put there since. Seen as runs
 * of one seed that differed when collections were frequent, and as 8 corrupt arrays in 20,000
 * creations of 65,536 floats with a thread collecting every 2 ms (HostArraysTest does that). Here
 * the buffer is held until the engine has finished with it. On PyTorch the array keeps the buffer
 * as its storage, as DJL's own path does.
 */
public final class HostArrays {
    private HostArrays() {}

    /** An engine array of shape {@code shape} holding {@code data}. */
    public static NDArray create(NDManager manager, float[] data, Shape shape) {
        ByteBuffer buffer = direct(data);
        try {
            return manager.create(buffer, shape, DataType.FLOAT32);
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    /** A 1-D engine array holding {@code data}. */
    public static NDArray create(NDManager manager, float[] data) {
        return create(manager, data, new Shape(data.length));
    }

    /** Overwrites {@code array} (float32, of {@code data.length} elements) with {@code data}. */
    public static void set(NDArray array, float[] data) {
        ByteBuffer buffer = direct(data);
        try {
            array.set(buffer);
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    private static ByteBuffer direct(float[] data) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(data);
        return buffer;
    }
}
