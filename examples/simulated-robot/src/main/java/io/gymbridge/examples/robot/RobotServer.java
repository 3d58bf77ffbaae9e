package io.gymbridge.examples.robot;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvRegistry;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.wrappers.SimulatedRobot;
import io.gymbridge.envs.mujoco.ReacherEnv;
import io.gymbridge.server.GymServer;
import io.gymbridge.server.ServerOptions;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A simulated robot behind a gymbridge server: MuJoCo's two-joint Reacher arm (Gymnasium's
 * Reacher-v4 physics, dt 0.02 s) as {@value #ID}, a robot env ({@link SimulatedRobot}) with a
 * control period of 20 ms (50 Hz) and zero torque as its safe action. Clients control it env-paced:
 * the server ticks at 50 Hz whether or not the agent keeps up, as a real arm's controller would.
 *
 * <p>Every call of the robot's hooks (a fault, the safe action, an emergency stop) is printed with
 * its wall-clock time in nanoseconds, so that an operator (and {@code kill-agent.sh}) sees how long
 * after a lost agent the arm was brought to rest.
 *
 * <p>Usage: {@code RobotServer [PORT]} (default 50061), on loopback.
 */
public final class RobotServer {
    /** The env id the server serves. */
    public static final String ID = "SimulatedArm-v0";

    /** The arm's control period: Reacher's dt. */
    public static final Duration PERIOD = Duration.ofMillis(20);

    private RobotServer() {}

    /** The bundled envs and {@value #ID}, whose robots print their events. */
    public static EnvRegistry registry() {
        EnvRegistry registry = EnvRegistry.withProviders();
        registry.register(
                EnvSpec.of(ID).withMaxEpisodeSteps(50),
                (spec, kwargs, renderMode) ->
                        new SimulatedRobot<>(
                                ReacherEnv.create(ReacherEnv.V4, kwargs, renderMode),
                                Tensor.of(DType.FLOAT32, new int[] {2}, new float[] {0f, 0f}),
                                PERIOD,
                                RobotServer::print));
        return registry;
    }

    /**
     * Starts the server on loopback: calls on a thread pool (as robot servers run: an emergency
     * stop must not wait behind a step).
     */
    public static GymServer start(int port) {
        return GymServer.start(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)),
                registry(),
                ServerOptions.defaults().withDirectExecutor(false));
    }

    private static void print(SimulatedRobot.Event e) {
        System.out.println(
                "robot "
                        + e.kind()
                        + " unix_ns="
                        + e.unixNanos()
                        + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")"));
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 50061;
        GymServer server = start(port);
        System.out.println(
                "serving "
                        + ID
                        + " (Reacher arm, 50 Hz) on grpc://127.0.0.1:"
                        + server.port()
                        + "/"
                        + ID);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitTermination();
    }
}
