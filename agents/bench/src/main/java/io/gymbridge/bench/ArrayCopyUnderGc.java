package io.gymbridge.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gymbridge.agents.djl.HostArrays;
import java.util.Arrays;

/**
 * Engine arrays made from a Java float array while another thread collects garbage every 2 ms: how
 * many come back different from their data, with DJL's own {@code create}/{@code set} and with
 * {@link HostArrays}, in the same run, for both engines. Run with the launcher's class path
 * (OMP_NUM_THREADS=1 MXNET_ENGINE_TYPE=NaiveEngine as the launcher sets them):
 *
 * <pre>
 * java -cp "agents/cli/target/gymbridge-cli-0.1.0-SNAPSHOT.jar:$(cat agents/cli/target/classpath.txt)" \
 *     io.gymbridge.bench.ArrayCopyUnderGc [ROUNDS]        (default 20000)
 * </pre>
 */
public final class ArrayCopyUnderGc {
    private ArrayCopyUnderGc() {}

    /** Runs the check; the optional argument is the number of rounds per engine. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        float[] data = new float[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.5f * i + 1;
        }
        Thread collector =
                new Thread(
                        () -> {
                            while (true) {
                                System.gc();
                                try {
                                    Thread.sleep(2);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        collector.setDaemon(true);
        collector.start();
        for (String name : new String[] {"MXNet", "PyTorch"}) {
            int[] bad = new int[4]; // DJL create, DJL set, HostArrays create, HostArrays set
            try (NDManager m = Engine.getEngine(name).newBaseManager()) {
                for (int r = 0; r < rounds; r++) {
                    try (NDManager s = m.newSubManager()) {
                        NDArray[] made = {
                            s.create(data), s.zeros(new Shape(data.length)),
                            HostArrays.create(s, data), s.zeros(new Shape(data.length))
                        };
                        made[1].set(data);
                        HostArrays.set(made[3], data);
                        for (int k = 0; k < 4; k++) {
                            if (!Arrays.equals(made[k].toFloatArray(), data)) {
                                bad[k]++;
                            }
                        }
                    }
                }
            }
            System.out.printf(
                    "%s, %d rounds of 65536 floats: corrupt DJL create %d, DJL set %d, HostArrays"
                            + " create %d, HostArrays set %d%n",
                    name, rounds, bad[0], bad[1], bad[2], bad[3]);
        }
        collector.interrupt();
    }
}
