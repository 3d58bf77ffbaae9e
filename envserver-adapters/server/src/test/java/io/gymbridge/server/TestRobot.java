package io.gymbridge.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.wrappers.SimulatedRobot;
import io.gymbridge.grpc.RemoteVectorEnv;
import io.gymbridge.grpc.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-joint robot for the watchdog and control tests: the observation is [position, last action],
 * the action a velocity in [-1, 1]; a step takes {@code step_ms} (kwarg) and moves the position by
 * the action. Served as a {@link SimulatedRobot} with safe action 0 and a control period of {@code
 * period_ms} (kwarg, default 20); every one made is kept in {@link #MADE} so that a test can read
 * its hooks' events.
 */
final class TestRobot extends AbstractEnv<Tensor, Tensor> {
    static final String ID = "TestRobot-v0";
    static final List<SimulatedRobot<Tensor, Tensor>> MADE = new CopyOnWriteArrayList<>();

    private final long stepMillis;
    private float position;

    private TestRobot(EnvSpec spec, long stepMillis) {
        super(Box.of(-1000, 1000, DType.FLOAT32, 2), Box.of(-1, 1, DType.FLOAT32, 1), spec, null);
        this.stepMillis = stepMillis;
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        position = 0;
        return new Reset<>(Tensor.of(position, 0f), Map.of());
    }

    @Override
    public Step<Tensor> step(Tensor action) {
        if (stepMillis > 0) {
            try {
                Thread.sleep(stepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float a = action.toFloatArray()[0];
        position += a;
        return new Step<>(Tensor.of(position, a), 0, false, false, Map.of());
    }

    /** The action batch of a one-robot session: {@code velocity}, as float32[1, 1]. */
    static Tensor act(float velocity) {
        return Tensor.of(DType.FLOAT32, new int[] {1, 1}, new float[] {velocity});
    }

    /** A registry with the bundled envs and {@value #ID}. */
    static EnvRegistry registry() {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(ID),
                (spec, kwargs, mode) -> {
                    long stepMs = ((Number) kwargs.getOrDefault("step_ms", 0L)).longValue();
                    long periodMs = ((Number) kwargs.getOrDefault("period_ms", 20L)).longValue();
                    SimulatedRobot<Tensor, Tensor> robot =
                            new SimulatedRobot<>(
                                    new TestRobot(spec, stepMs),
                                    Tensor.of(0f),
                                    Duration.ofMillis(periodMs));
                    MADE.add(robot);
                    return robot;
                });
        return registry;
    }

    /**
     * A server of {@value #ID} to run the tests against: "java" (a {@link GymServer} in this JVM,
     * calls on a pool, as robot servers run) or "python" (the Python adapter with {@code
     * tests/robot_envs.py}, whose robot writes its hooks' events to a file).
     */
    abstract static class Server implements AutoCloseable {
        static Server start(String kind) throws IOException {
            return kind.equals("java") ? new JavaServer() : new PyServer();
        }

        abstract int port();

        /** Events of the robot made last, from every env of its session. */
        abstract List<SimulatedRobot.Event> events(SimulatedRobot.Kind kind);

        /** The kwargs the server's robot needs beside the test's (a new events file). */
        Map<String, Object> extraKwargs() {
            return Map.of();
        }

        private String extraQuery() {
            StringBuilder q = new StringBuilder();
            extraKwargs().forEach((k, v) -> q.append('&').append(k).append('=').append(v));
            return q.toString();
        }

        /** A session of one robot, with the URL parameters {@code query}. */
        RemoteVectorEnv open(String query) {
            return RemoteVectorEnv.open(
                    EnvAddress.parse(
                            "grpc://127.0.0.1:" + port() + "/" + ID + "?" + query + extraQuery()),
                    Transport.STREAM,
                    Duration.ofSeconds(10));
        }

        @Override
        public abstract void close();
    }

    private static final class JavaServer extends Server {
        private final GymServer server =
                GymServer.start(
                        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                        registry(),
                        ServerOptions.defaults().withDirectExecutor(false));

        @Override
        int port() {
            return server.port();
        }

        @Override
        List<SimulatedRobot.Event> events(SimulatedRobot.Kind kind) {
            return MADE.get(MADE.size() - 1).events().stream()
                    .filter(e -> e.kind() == kind)
                    .toList();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static final class PyServer extends Server {
        private final PythonServer server = PythonServer.start(List.of(), "--import", "robot_envs");
        private Path events;

        PyServer() throws IOException {}

        @Override
        int port() {
            return server.port;
        }

        @Override
        Map<String, Object> extraKwargs() {
            try {
                events = Files.createTempFile("gymbridge-robot", ".events");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            events.toFile().deleteOnExit();
            return Map.of("events_file", events.toString());
        }

        @Override
        List<SimulatedRobot.Event> events(SimulatedRobot.Kind kind) {
            List<SimulatedRobot.Event> out = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(events)) {
                    String[] f = line.split(" ", 3);
                    if (f.length >= 2 && f[0].equals(kind.name())) {
                        out.add(
                                new SimulatedRobot.Event(
                                        kind, Long.parseLong(f[1]), 0, f.length > 2 ? f[2] : ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
