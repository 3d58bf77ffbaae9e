package io.gymbridge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Env;
import io.gymbridge.env.Envs;
import io.gymbridge.env.Step;
import io.gymbridge.env.vector.VectorEnv;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java server on a Unix domain socket, and the Java client's unix: URLs (Linux). */
class UnixSocketTest {
    @TempDir Path dir;

    @Test
    void startUnix_socketIsOwnersAloneAndServes_removedOnClose() throws IOException {
        Path socket = dir.resolve("gym.sock");
        try (GymServer server = GymServer.startUnix(socket, ServerOptions.defaults())) {
            assertEquals(socket, server.unixSocket());
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals(1, entries(dir), "the socket, and no private directory left behind");

            try (Env<Object, Object> env = Envs.make("unix:" + socket + "?env=CartPole-v1")) {
                env.reset(0L, java.util.Map.of());
                Step<Object> s = env.step(1);
                assertEquals(1.0, s.reward());
            }
            try (VectorEnv<Object, Object> v =
                    Envs.makeVector("unix://" + socket + "?env=CartPole-v1&num_envs=4", 4)) {
                v.reset(0);
                assertEquals(
                        4,
                        v.step(v.actionSpace().sample(new java.util.SplittableRandom(0)))
                                .rewards()
                                .length);
            }
        }
        assertFalse(Files.exists(socket), "the socket file is removed on close");
        assertEquals(0, entries(dir));
    }

    @Test
    void startUnix_staleSocketOfADeadServer_replaced() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind
        }
        assertTrue(Files.exists(socket));
        try (GymServer server = GymServer.startUnix(socket, ServerOptions.defaults());
                Env<Object, Object> env = Envs.make("unix:" + socket + "?env=CartPole-v1")) {
            assertEquals(socket, server.unixSocket());
            env.reset(0L, java.util.Map.of());
        }
    }

    @Test
    void startUnix_pathInUseOrNotASocketOrTooLong_refusedSayingWhy() throws IOException {
        Path socket = dir.resolve("busy.sock");
        try (GymServer first = GymServer.startUnix(socket, ServerOptions.defaults())) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> GymServer.startUnix(socket, ServerOptions.defaults()));
            assertTrue(e.getMessage().contains("a server is listening there"), e.getMessage());
            assertEquals(socket, first.unixSocket());
            assertEquals(1, entries(dir), "no private directory left behind");
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        var notSocket =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GymServer.startUnix(file, ServerOptions.defaults()));
        assertTrue(notSocket.getMessage().contains("not a socket"), notSocket.getMessage());
        assertEquals("keep me", Files.readString(file));
        Path tooLong = dir.resolve("s".repeat(110));
        var longPath =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GymServer.startUnix(tooLong, ServerOptions.defaults()));
        assertTrue(longPath.getMessage().contains("at most 107"), longPath.getMessage());
    }

    @Test
    void make_noServerOnTheSocket_unavailableNamingIt() {
        Path socket = dir.resolve("nobody.sock");
        var e =
                assertThrows(
                        io.gymbridge.env.EnvException.class,
                        () -> Envs.make("unix:" + socket + "?env=CartPole-v1"));
        assertEquals(io.gymbridge.env.EnvException.Code.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
