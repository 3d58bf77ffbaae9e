package io.gymbridge.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Unix domain socket a {@link GymServer} listens on (Linux): its file permissions are the
 * access control, so the file is the owner's alone (0600) from the moment anyone can see it.
 *
 * <p>A socket file gets its permissions from the umask when it is bound, and the JVM cannot set the
 * umask; changing them after bind would leave a moment in which other users may connect. So the
 * server binds in a fresh directory only its owner can enter (0700) beside the requested path, sets
 * the socket to 0600 there, and renames it into place, which is atomic. On close the file is
 * removed (if it is still this server's socket) and so is the directory.
 *
 * <p>A socket file left at the path by a server that died is replaced; a path where a server still
 * listens, or that is not a socket, is refused.
 */
final class UnixSocket implements AutoCloseable {
    /** The longest socket path Linux takes, in bytes (sun_path is 108 with its NUL). */
    static final int MAX_PATH_BYTES = 107;

    private final Path path;
    private final Path privateDir;
    private final Path bound;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private Object fileKey;

    private UnixSocket(Path path, Path privateDir) {
        this.path = path;
        this.privateDir = privateDir;
        this.bound = privateDir.resolve("s");
        this.boss =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("gymbridge-unix-boss", true),
                        EpollIoHandler.newFactory());
        this.workers =
                new MultiThreadIoEventLoopGroup(
                        0,
                        new DefaultThreadFactory("gymbridge-unix", true),
                        EpollIoHandler.newFactory());
    }

    /**
     * Checks {@code path} and makes the private directory to bind in.
     *
     * @throws IllegalArgumentException if the path is too long, its directory does not exist, or it
     *     is in use or not a socket
     * @throws UnsupportedOperationException if this is not Linux with epoll
     * @throws UncheckedIOException if the directory cannot be made
     */
    static UnixSocket prepare(Path requested) {
        if (!Epoll.isAvailable()) {
            throw new UnsupportedOperationException(
                    "Unix domain sockets need Linux (epoll): " + Epoll.unavailabilityCause());
        }
        Path path = requested.toAbsolutePath().normalize();
        Path parent = Objects.requireNonNull(path.getParent(), "a socket path needs a directory");
        Path privateDir = parent.resolve(".gymbridge-" + HexFormat.of().formatHex(randomBytes(4)));
        checkLength(path, "");
        checkLength(
                privateDir.resolve("s"),
                " (the server binds it as " + privateDir.resolve("s") + " first)");
        if (!Files.isDirectory(parent)) {
            throw new IllegalArgumentException(
                    "cannot listen on unix:" + path + ": no directory " + parent);
        }
        checkReplaceable(path);
        try {
            Files.createDirectory(
                    privateDir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on unix:" + path + ": cannot create " + privateDir, e);
        }
        return new UnixSocket(path, privateDir);
    }

    /** A server builder bound to the private path, with epoll's domain socket transport. */
    NettyServerBuilder builder() {
        return NettyServerBuilder.forAddress(new DomainSocketAddress(bound.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                // gRPC asks every connection for TCP keepalive; a domain socket has none, and
                // Netty would log a warning for each connection
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
    }

    /** Once the server listens: makes the socket 0600 and moves it to the requested path. */
    void publish() {
        try {
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            Files.delete(privateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the socket at " + path, e);
        }
    }

    /** The path clients connect to. */
    Path path() {
        return path;
    }

    /** Removes the socket file (if it is still this one) and the private directory. */
    @Override
    public void close() {
        try {
            if (fileKey != null
                    && fileKey.equals(
                            Files.readAttributes(
                                            path,
                                            BasicFileAttributes.class,
                                            LinkOption.NOFOLLOW_LINKS)
                                    .fileKey())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // gone already, or replaced by someone else's: nothing of ours to remove
        }
        try {
            Files.deleteIfExists(bound);
            Files.deleteIfExists(privateDir);
        } catch (IOException e) {
            // best effort: the directory is empty and only its owner can enter it
        } finally {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void checkLength(Path p, String note) {
        int bytes = p.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IllegalArgumentException(
                    "socket path "
                            + p
                            + " is "
                            + bytes
                            + " bytes long"
                            + note
                            + "; Linux takes at most "
                            + MAX_PATH_BYTES
                            + ": choose a shorter one, e.g. under /tmp");
        }
    }

    /** Refuses a path that is in use or not a socket; a stale socket file may be replaced. */
    private static void checkReplaceable(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // nothing there
        }
        if ((mode & 0170000) != 0140000) { // S_IFMT, S_IFSOCK
            throw new IllegalArgumentException(
                    "cannot listen on unix:" + path + ": it exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return; // nobody listens: a socket left by a server that died, replaced on publish
        }
        throw new IllegalArgumentException(
                "cannot listen on unix:" + path + ": a server is listening there");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
