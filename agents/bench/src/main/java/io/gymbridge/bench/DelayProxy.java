package io.gymbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that delays every byte by a fixed time in each direction, in order: a network link
 * with added one-way delay, for the remote-training benchmark on a machine whose kernel has no
 * {@code tc netem}. Each direction of each connection has a reader, which stamps what it reads with
 * its due time, and a writer, which sends it when due.
 *
 * <p>Its own cost (two more hand-offs each way, and the park's granularity) shows in the 0 ms row,
 * which the benchmark measures through the proxy too.
 *
 * <pre>
 * java -cp "agents/cli/target/gymbridge-cli-0.1.0-SNAPSHOT.jar:$(cat agents/cli/target/classpath.txt)" \
 *   io.gymbridge.bench.DelayProxy LISTEN_PORT TARGET_HOST:PORT DELAY_MS
 * </pre>
 */
public final class DelayProxy {
    private DelayProxy() {}

    private record Chunk(long dueNanos, byte[] bytes) {}

    private static final Chunk END = new Chunk(0, new byte[0]);

    /** Runs the proxy until killed; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DelayProxy LISTEN_PORT TARGET_HOST:PORT DELAY_MS");
            System.exit(2);
        }
        int listenPort = Integer.parseInt(args[0]);
        String[] target = args[1].split(":");
        long delayNanos = (long) (Double.parseDouble(args[2]) * 1e6);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", listenPort));
            System.out.printf(
                    "delay proxy listening on 127.0.0.1:%d -> %s, %.3f ms each way%n",
                    listenPort, args[1], delayNanos / 1e6);
            System.out.flush();
            while (true) {
                Socket in = server.accept();
                Socket out = new Socket(target[0], Integer.parseInt(target[1]));
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                pump(in, out, delayNanos);
                pump(out, in, delayNanos);
            }
        }
    }

    /** Copies from {@code from} to {@code to}, each chunk delayed by {@code delayNanos}. */
    private static void pump(Socket from, Socket to, long delayNanos) throws IOException {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream();
        Thread reader =
                new Thread(
                        () -> {
                            byte[] buf = new byte[1 << 16];
                            try {
                                int n;
                                while ((n = input.read(buf)) > 0) {
                                    queue.add(
                                            new Chunk(
                                                    System.nanoTime() + delayNanos,
                                                    Arrays.copyOf(buf, n)));
                                }
                            } catch (IOException e) {
                                // the connection ended
                            }
                            queue.add(END);
                        },
                        "delay-proxy-reader");
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Chunk c = queue.take();
                                    if (c == END) {
                                        break;
                                    }
                                    long wait;
                                    while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
                                        LockSupport.parkNanos(wait);
                                    }
                                    output.write(c.bytes());
                                    output.flush();
                                }
                                to.shutdownOutput();
                            } catch (IOException e) {
                                // the connection ended
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "delay-proxy-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }
}
