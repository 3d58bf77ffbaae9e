package io.gymbridge.envs.classic;

import io.gymbridge.env.DType;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Pendulum-v1, a port of Gymnasium 1.4's {@code gymnasium/envs/classic_control/pendulum.py}: same
 * float64 state arithmetic in the same order, same spaces, rewards and seeding.
 *
 * <h2>Description</h2>
 *
 * The inverted pendulum swing-up of control theory: a rod hangs from a fixed pivot, starts at a
 * random angle, and must be swung up and held upright, its centre of gravity right above the pivot,
 * by a torque applied at the free end. The angle {@code theta} is 0 upright and grows
 * counter-clockwise; torques are positive counter-clockwise.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [1]: the torque, in [-2, 2] N m. Values outside are clipped by the env.
 *
 * <h2>Observation Space</h2>
 *
 * A float32 tensor [3]: {@code cos(theta)} and {@code sin(theta)} in [-1, 1], and the angular
 * velocity in [-8, 8].
 *
 * <h2>Rewards</h2>
 *
 * {@code -(theta^2 + 0.1 * theta_dot^2 + 0.001 * torque^2)}, with theta normalized to [-pi, pi) and
 * the clipped torque, all taken before the step. The worst is about -16.27, the best 0 (upright, at
 * rest, no torque).
 *
 * <h2>Starting State</h2>
 *
 * Angle uniform in [-pi, pi] and angular velocity uniform in [-1, 1], drawn together with the env's
 * NumPy-exact generator; the reset options {@code x_init} and {@code y_init} change the two bounds
 * (the interval is always symmetric).
 *
 * <h2>Episode End</h2>
 *
 * Never terminated. Truncated after 200 steps by the TimeLimit the registry adds.
 *
 * <h2>Arguments</h2>
 *
 * Kwarg {@code g} (float, default 10.0): the acceleration of gravity in m/s^2. Reset options {@code
 * x_init} (default pi) and {@code y_init} (default 1.0): the upper bounds of the initial angle and
 * angular velocity, the lower bounds being their negatives. Render mode {@code "rgb_array"} gives
 * 500x500 frames (without Gymnasium's torque arrow image).
 *
 * <h2>Version History</h2>
 *
 * v1: simpler equations, same behaviour. v0: the first release.
 */
public final class PendulumEnv extends ClassicControlEnv<Tensor> {

    /** Gymnasium's registration of Pendulum-v1 (no reward threshold). */
    public static final EnvSpec SPEC =
            new EnvSpec("Pendulum-v1", OptionalInt.of(200), OptionalDouble.empty(), false);

    private static final double DEFAULT_X = Math.PI;
    private static final double DEFAULT_Y = 1.0;
    private static final int MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;

    private final double g;

    /** Pendulum-v1 with the default kwargs and no rendering. */
    public PendulumEnv() {
        this(SPEC, Map.of(), null);
    }

    /**
     * Pendulum as the registry makes it; usable as an {@link io.gymbridge.env.EnvFactory}.
     *
     * @param spec the spec to report
     * @param kwargs {@code g} or nothing
     * @param renderMode null or "rgb_array"
     * @throws EnvException INVALID_ARGUMENT for unknown or mistyped kwargs
     */
    public PendulumEnv(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        super(
                Box.of(
                        float32(-1.0, -1.0, -MAX_SPEED),
                        float32(1.0, 1.0, MAX_SPEED),
                        DType.FLOAT32),
                Box.of(-MAX_TORQUE, MAX_TORQUE, DType.FLOAT32, 1),
                spec,
                renderMode,
                2,
                30,
                500,
                500);
        Kwargs k = new Kwargs(spec.id(), kwargs);
        this.g = k.getDouble("g", 10.0);
        k.requireAllUsed();
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        double x = ResetBounds.option(spec().id(), options, "x_init", DEFAULT_X);
        double y = ResetBounds.option(spec().id(), options, "y_init", DEFAULT_Y);
        double[] high = {x, y};
        // Gymnasium enforces symmetric limits.
        double[] low = {-x, -y};
        try {
            putState(random().uniform(low, high));
        } catch (IllegalArgumentException e) {
            throw EnvException.invalidArgument(spec().id() + " reset options: " + e.getMessage());
        }
        return new Reset<>(observe(), Map.of());
    }

    @Override
    Step<Tensor> stepValid(Tensor action) {
        double[] s = currentState();
        double th = s[0];
        double thdot = s[1];

        // np.clip keeps the float32 dtype; the arithmetic below is float64, as with NumPy 1.x
        // promotion of a float32 scalar with Python numbers.
        double u = Math.min(Math.max(action.getFloat(0), -MAX_TORQUE), MAX_TORQUE);

        double normalized = angleNormalize(th);
        double costs = normalized * normalized + 0.1 * (thdot * thdot) + 0.001 * (u * u);

        double newthdot = thdot + (3 * g / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
        newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
        double newth = th + newthdot * DT;
        putState(new double[] {newth, newthdot});
        return new Step<>(observe(), -costs, false, false, Map.of());
    }

    /** {@code ((x + pi) % (2 * pi)) - pi} with Python's floored modulo. */
    static double angleNormalize(double x) {
        return pythonMod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    /** Python's (and NumPy's) float modulo: fmod, moved into the divisor's sign. */
    static double pythonMod(double a, double b) {
        double mod = a % b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    private Tensor observe() {
        double[] s = currentState();
        return observation((float) Math.cos(s[0]), (float) Math.sin(s[0]), (float) s[1]);
    }

    @Override
    void draw(Canvas canvas, double[] s) {
        int dim = 500;
        double bound = 2.2;
        double scale = dim / (bound * 2);
        int offset = dim / 2;
        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        double angle = s[0] + Math.PI / 2;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] corners = {
            {0, -rodWidth / 2},
            {0, rodWidth / 2},
            {rodLength, rodWidth / 2},
            {rodLength, -rodWidth / 2}
        };
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int i = 0; i < 4; i++) {
            xs[i] = corners[i][0] * cos - corners[i][1] * sin + offset;
            ys[i] = corners[i][0] * sin + corners[i][1] * cos + offset;
        }
        int red = 0xCC4D4D;
        canvas.fillPolygon(xs, ys, red);
        canvas.fillCircle(offset, offset, (int) (rodWidth / 2), red);
        canvas.fillCircle(
                (int) (rodLength * cos + offset),
                (int) (rodLength * sin + offset),
                (int) (rodWidth / 2),
                red);
        // The axle.
        canvas.fillCircle(offset, offset, (int) (0.05 * scale), 0x000000);
    }
}
