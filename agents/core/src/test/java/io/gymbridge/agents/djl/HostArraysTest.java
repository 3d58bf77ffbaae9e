package io.gymbridge.agents.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrays made from Java data hold that data. What makes HostArrays safe where DJL-MXNet's {@code
 * create(float[])} is not (see its javadoc) is checked deterministically: the engine is handed a
 * direct, native-order buffer that HostArrays made and holds, never a heap array that DJL copies
 * into a buffer nobody holds. The race itself, under a collecting thread, is measured by the
 * benchmark {@code io.gymbridge.bench.ArrayCopyUnderGc} (agents/bench), not here: it catches the
 * defect only now and then.
 */
class HostArraysTest {
    private static final float[] DATA = {1.5f, -2f, 3.25f, 0f, 1e-7f, 65504f};

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void createAndSet_onEachEngine_holdTheData(String engine) {
        try (NDManager m = Engine.getEngine(engine).newBaseManager()) {
            NDArray made = HostArrays.create(m, DATA, new Shape(2, 3));
            assertEquals(new Shape(2, 3), made.getShape());
            assertEquals(DataType.FLOAT32, made.getDataType());
            assertArrayEquals(DATA, made.toFloatArray());
            assertArrayEquals(DATA, HostArrays.create(m, DATA).toFloatArray());
            NDArray overwritten = m.zeros(new Shape(DATA.length));
            HostArrays.set(overwritten, DATA);
            assertArrayEquals(DATA, overwritten.toFloatArray());
        }
    }

    @Test
    void create_handsTheEngineADirectNativeOrderBufferOfTheData() {
        List<Buffer> handed = new ArrayList<>();
        try (NDManager real = Engine.getEngine("MXNet").newBaseManager()) {
            NDManager spy = spy(NDManager.class, real, "create", handed);
            HostArrays.create(spy, DATA, new Shape(DATA.length));
        }
        assertEquals(1, handed.size(), "one create(Buffer, Shape, DataType) call");
        assertDirectCopyOfData(handed.get(0));
    }

    @Test
    void set_handsTheEngineADirectNativeOrderBufferOfTheData() {
        List<Buffer> handed = new ArrayList<>();
        try (NDManager m = Engine.getEngine("MXNet").newBaseManager()) {
            NDArray spy = spy(NDArray.class, m.zeros(new Shape(DATA.length)), "set", handed);
            HostArrays.set(spy, DATA);
        }
        assertEquals(1, handed.size(), "one set(Buffer) call");
        assertDirectCopyOfData(handed.get(0));
    }

    private static void assertDirectCopyOfData(Buffer buffer) {
        assertTrue(buffer.isDirect(), "a direct buffer, used by the engine in place");
        ByteBuffer bytes = (ByteBuffer) buffer;
        assertEquals(ByteOrder.nativeOrder(), bytes.order());
        float[] read = new float[DATA.length];
        bytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(read);
        assertArrayEquals(DATA, read);
    }

    /**
     * {@code real} behind its interface, recording the Buffer argument of calls to {@code name}.
     */
    @SuppressWarnings("unchecked")
    private static <T> T spy(Class<T> type, T real, String name, List<Buffer> handed) {
        return (T)
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (method.getName().equals(name)
                                    && args != null
                                    && args[0] instanceof Buffer b) {
                                handed.add(b);
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }
}
