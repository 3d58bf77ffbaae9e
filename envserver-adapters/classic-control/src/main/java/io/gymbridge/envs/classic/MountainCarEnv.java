package io.gymbridge.envs.classic;

import io.gymbridge.env.DType;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * MountainCar-v0, a port of Gymnasium 1.4's {@code gymnasium/envs/classic_control/mountain_car.py}:
 * same float64 state arithmetic in the same order, same spaces, rewards and seeding.
 *
 * <h2>Description</h2>
 *
 * A car starts at a random position at the bottom of a sinusoidal valley and must reach the flag on
 * top of the right hill. Its engine is too weak to climb directly, so it has to build momentum by
 * driving back and forth. This is the discrete-action version; {@link MountainCarContinuousEnv} is
 * the continuous one. The task comes from Andrew Moore's PhD thesis, "Efficient Memory-based
 * Learning for Robot Control" (1990).
 *
 * <h2>Action Space</h2>
 *
 * {@code Discrete(3)}: 0 accelerates to the left, 1 does nothing, 2 accelerates to the right.
 *
 * <h2>Observation Space</h2>
 *
 * A float32 tensor [2]: position along the x axis in [-1.2, 0.6] and velocity in [-0.07, 0.07].
 *
 * <h2>Transition Dynamics</h2>
 *
 * {@code velocity += (action - 1) * 0.001 - 0.0025 * cos(3 * position)}, clipped to [-0.07, 0.07];
 * then {@code position += velocity}, clipped to [-1.2, 0.6]. Hitting the left wall is inelastic: a
 * negative velocity becomes 0 there.
 *
 * <h2>Rewards</h2>
 *
 * -1 for every step.
 *
 * <h2>Starting State</h2>
 *
 * Position uniform in [-0.6, -0.4] (drawn with the env's NumPy-exact generator), velocity 0; the
 * reset options {@code low} and {@code high} change the position's interval.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when the position reaches 0.5 (the flag) with a velocity of at least {@code
 * goal_velocity}. Truncated after 200 steps by the TimeLimit the registry adds.
 *
 * <h2>Arguments</h2>
 *
 * Kwarg {@code goal_velocity} (float, default 0): the least velocity that counts at the flag. Reset
 * options {@code low} and {@code high} (defaults -0.6 and -0.4). Render mode {@code "rgb_array"}
 * gives 600x400 frames.
 *
 * <h2>Version History</h2>
 *
 * v0: the first release; reward threshold -110.
 */
public final class MountainCarEnv extends ClassicControlEnv<Integer> {

    /** Gymnasium's registration of MountainCar-v0. */
    public static final EnvSpec SPEC =
            new EnvSpec("MountainCar-v0", OptionalInt.of(200), OptionalDouble.of(-110.0), false);

    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    private final double goalVelocity;

    /** MountainCar-v0 with the default kwargs and no rendering. */
    public MountainCarEnv() {
        this(SPEC, Map.of(), null);
    }

    /**
     * MountainCar as the registry makes it; usable as an {@link io.gymbridge.env.EnvFactory}.
     *
     * @param spec the spec to report
     * @param kwargs {@code goal_velocity} or nothing
     * @param renderMode null or "rgb_array"
     * @throws io.gymbridge.env.EnvException INVALID_ARGUMENT for unknown or mistyped kwargs
     */
    public MountainCarEnv(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        super(
                Box.of(
                        float32(MIN_POSITION, -MAX_SPEED),
                        float32(MAX_POSITION, MAX_SPEED),
                        DType.FLOAT32),
                new Discrete(3),
                spec,
                renderMode,
                2,
                30,
                600,
                400);
        Kwargs k = new Kwargs(spec.id(), kwargs);
        this.goalVelocity = k.getDouble("goal_velocity", 0);
        k.requireAllUsed();
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        double[] bounds = ResetBounds.parse(spec().id(), options, -0.6, -0.4);
        putState(new double[] {random().uniform(bounds[0], bounds[1]), 0});
        return new Reset<>(observe(), Map.of());
    }

    @Override
    Step<Tensor> stepValid(Integer a) {
        double[] s = currentState();
        double position = s[0];
        double velocity = s[1];

        velocity += (a - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        putState(new double[] {position, velocity});
        return new Step<>(observe(), -1.0, terminated, false, Map.of());
    }

    private Tensor observe() {
        double[] s = currentState();
        return observation((float) s[0], (float) s[1]);
    }

    @Override
    void draw(Canvas canvas, double[] s) {
        drawMountainCar(canvas, s[0], GOAL_POSITION);
    }

    /** The drawing of both mountain-car envs: track, car with wheels, and flag. */
    static void drawMountainCar(Canvas canvas, double pos, double goalPosition) {
        double scale = 600 / (MAX_POSITION - MIN_POSITION);
        double carwidth = 40;
        double carheight = 20;
        double clearance = 10;

        double prevX = 0;
        double prevY = height(MIN_POSITION) * scale;
        for (int i = 1; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99;
            double px = (x - MIN_POSITION) * scale;
            double py = height(x) * scale;
            canvas.line(prevX, prevY, px, py, 0x000000);
            prevX = px;
            prevY = py;
        }

        double angle = Math.cos(3 * pos);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double baseX = (pos - MIN_POSITION) * scale;
        double baseY = clearance + height(pos) * scale;
        double[][] corners = {
            {-carwidth / 2, 0},
            {-carwidth / 2, carheight},
            {carwidth / 2, carheight},
            {carwidth / 2, 0}
        };
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int i = 0; i < 4; i++) {
            xs[i] = corners[i][0] * cos - corners[i][1] * sin + baseX;
            ys[i] = corners[i][0] * sin + corners[i][1] * cos + baseY;
        }
        canvas.fillPolygon(xs, ys, 0x000000);
        for (double wheel : new double[] {carwidth / 4, -carwidth / 4}) {
            canvas.fillCircle(
                    (int) (wheel * cos + baseX),
                    (int) (wheel * sin + baseY),
                    (int) (carheight / 2.5),
                    0x808080);
        }

        int flagx = (int) ((goalPosition - MIN_POSITION) * scale);
        int flagy1 = (int) (height(goalPosition) * scale);
        int flagy2 = flagy1 + 50;
        canvas.line(flagx, flagy1, flagx, flagy2, 0x000000);
        canvas.fillPolygon(
                new double[] {flagx, flagx, flagx + 25},
                new double[] {flagy2, flagy2 - 10, flagy2 - 5},
                0xCCCC00);
    }

    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }
}
