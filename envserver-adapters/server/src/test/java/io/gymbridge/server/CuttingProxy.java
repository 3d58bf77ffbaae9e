package io.gymbridge.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback whose connections a test can cut at any moment ({@link #cutAll()}), as a
 * network that drops connections does, and whose target it can change ({@link #retarget}), as a
 * server restarted elsewhere would look.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile int targetPort;

    CuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void retarget(int port) {
        targetPort = port;
    }

    /** Closes every open connection, both sides; returns how many were open. */
    int cutAll() {
        int n = 0;
        for (Socket s : sockets) {
            try {
                s.close();
                n++;
            } catch (IOException e) {
                // already closed
            }
            sockets.remove(s);
        }
        if (n > 0) {
            cuts.incrementAndGet();
        }
        return n;
    }

    /** How many times {@link #cutAll()} found connections to cut. */
    int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket in = listener.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                // listener closed, or the target refused: the client sees the connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream();
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[1 << 16];
                            try {
                                int n;
                                while ((n = input.read(buf)) > 0) {
                                    output.write(buf, 0, n);
                                    output.flush();
                                }
                            } catch (IOException e) {
                                // cut or closed
                            } finally {
                                close(from);
                                close(to);
                            }
                        },
                        "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
