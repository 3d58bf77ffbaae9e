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
 * Acrobot-v1, a port of Gymnasium 1.4's {@code gymnasium/envs/classic_control/acrobot.py} (itself
 * from RLPy): same float64 dynamics, integrated with the same single RK4 step in the same order,
 * same spaces, rewards and seeding.
 *
 * <h2>Description</h2>
 *
 * Two links hang in a chain from a fixed pivot; only the joint between them is actuated. Swing the
 * free end of the outer link above a target height (one link length above the pivot), starting from
 * hanging down. From Sutton, "Generalization in Reinforcement Learning: Successful Examples Using
 * Sparse Coarse Coding" (NIPS 1995), and Sutton and Barto's book.
 *
 * <h2>Action Space</h2>
 *
 * {@code Discrete(3)}: a torque of -1, 0 or +1 N m on the actuated joint.
 *
 * <h2>Observation Space</h2>
 *
 * A float32 tensor [6]: {@code cos(theta1), sin(theta1), cos(theta2), sin(theta2)} in [-1, 1], then
 * the angular velocities of theta1 in [-4 pi, 4 pi] and of theta2 in [-9 pi, 9 pi]. {@code theta1}
 * is the first link's angle from hanging straight down, {@code theta2} the second link's angle
 * relative to the first. The state behind it is {@code [theta1, theta2, dtheta1, dtheta2]}.
 *
 * <h2>Rewards</h2>
 *
 * -1 for every step that does not reach the target, 0 for the one that does.
 *
 * <h2>Starting State</h2>
 *
 * All four state variables uniform in [-0.1, 0.1] and then rounded to float32, as Gymnasium does
 * (drawn with the env's NumPy-exact generator); the reset options {@code low} and {@code high}
 * change the interval.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when {@code -cos(theta1) - cos(theta2 + theta1) > 1.0}. Truncated after 500 steps by
 * the TimeLimit the registry adds.
 *
 * <h2>Arguments</h2>
 *
 * No kwargs. Reset options {@code low} and {@code high} (defaults -0.1 and 0.1). Render mode {@code
 * "rgb_array"} gives 500x500 frames. Gymnasium's class attributes {@code book_or_nips} and {@code
 * torque_noise_max}, which are not kwargs there either, are {@link #setBookOrNips} and {@link
 * #setTorqueNoiseMax} here.
 *
 * <h2>Version History</h2>
 *
 * v1: 500 steps instead of 200, and observations of the sines and cosines of the angles instead of
 * the angles themselves; reward threshold -100. v0 (not bundled): the first release.
 */
public final class AcrobotEnv extends ClassicControlEnv<Integer> {

    /** Gymnasium's registration of Acrobot-v1. */
    public static final EnvSpec SPEC =
            new EnvSpec("Acrobot-v1", OptionalInt.of(500), OptionalDouble.of(-100.0), false);

    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_LENGTH_2 = 1.0;

    /** Mass of link 1 in kg. */
    private static final double LINK_MASS_1 = 1.0;

    /** Mass of link 2 in kg. */
    private static final double LINK_MASS_2 = 1.0;

    /** Position of the centre of mass of link 1, in m. */
    private static final double LINK_COM_POS_1 = 0.5;

    /** Position of the centre of mass of link 2, in m. */
    private static final double LINK_COM_POS_2 = 0.5;

    /** Moment of inertia of both links. */
    private static final double LINK_MOI = 1.0;

    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1};

    /** Whether the dynamics are the book's (the default) or the NIPS paper's. */
    private boolean book = true;

    private double torqueNoiseMax = 0.0;

    /** Acrobot-v1 with no rendering. */
    public AcrobotEnv() {
        this(SPEC, Map.of(), null);
    }

    /**
     * Acrobot as the registry makes it; usable as an {@link io.gymbridge.env.EnvFactory}.
     *
     * @param spec the spec to report
     * @param kwargs must be empty
     * @param renderMode null or "rgb_array"
     * @throws io.gymbridge.env.EnvException INVALID_ARGUMENT for any kwarg
     */
    public AcrobotEnv(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        super(observationBox(), new Discrete(3), spec, renderMode, 4, 15, 500, 500);
        new Kwargs(spec.id(), kwargs).requireAllUsed();
    }

    private static Box observationBox() {
        double[] high = float32(1.0, 1.0, 1.0, 1.0, MAX_VEL_1, MAX_VEL_2);
        double[] low = new double[6];
        for (int i = 0; i < 6; i++) {
            low[i] = -high[i];
        }
        return Box.of(low, high, DType.FLOAT32);
    }

    /**
     * Gymnasium's {@code env.unwrapped.book_or_nips}: "book" (the default) for the dynamics of
     * Sutton and Barto's book, "nips" for those of the NIPS paper, which miss a term.
     *
     * @throws IllegalArgumentException for any other value
     */
    public void setBookOrNips(String bookOrNips) {
        if (!"book".equals(bookOrNips) && !"nips".equals(bookOrNips)) {
            throw new IllegalArgumentException(
                    "book_or_nips must be \"book\" or \"nips\", got " + bookOrNips);
        }
        this.book = "book".equals(bookOrNips);
    }

    /**
     * Gymnasium's {@code env.unwrapped.torque_noise_max}: if positive, each step adds a torque
     * uniform in [-max, max] drawn from the env's generator. Default 0.
     *
     * @throws IllegalArgumentException if negative or not finite
     */
    public void setTorqueNoiseMax(double torqueNoiseMax) {
        if (!(torqueNoiseMax >= 0) || Double.isInfinite(torqueNoiseMax)) {
            throw new IllegalArgumentException(
                    "torque_noise_max must be finite and >= 0, got " + torqueNoiseMax);
        }
        this.torqueNoiseMax = torqueNoiseMax;
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        double[] bounds = ResetBounds.parse(spec().id(), options, -0.1, 0.1);
        double[] drawn = random().uniform(bounds[0], bounds[1], 4);
        double[] s = new double[4];
        for (int i = 0; i < 4; i++) {
            s[i] = (float) drawn[i];
        }
        putState(s);
        return new Reset<>(observe(), Map.of());
    }

    @Override
    Step<Tensor> stepValid(Integer a) {
        double[] s = currentState();
        double torque = AVAIL_TORQUE[a];
        if (torqueNoiseMax > 0) {
            torque += random().uniform(-torqueNoiseMax, torqueNoiseMax);
        }
        double[] ns = rk4(new double[] {s[0], s[1], s[2], s[3], torque});
        ns[0] = wrap(ns[0], -Math.PI, Math.PI);
        ns[1] = wrap(ns[1], -Math.PI, Math.PI);
        ns[2] = bound(ns[2], -MAX_VEL_1, MAX_VEL_1);
        ns[3] = bound(ns[3], -MAX_VEL_2, MAX_VEL_2);
        putState(ns);
        boolean terminated = -Math.cos(ns[0]) - Math.cos(ns[1] + ns[0]) > 1.0;
        double reward = terminated ? 0.0 : -1.0;
        return new Step<>(observe(), reward, terminated, false, Map.of());
    }

    private Tensor observe() {
        double[] s = currentState();
        return observation(
                (float) Math.cos(s[0]),
                (float) Math.sin(s[0]),
                (float) Math.cos(s[1]),
                (float) Math.sin(s[1]),
                (float) s[2],
                (float) s[3]);
    }

    /**
     * One fourth-order Runge-Kutta step over {@code [0, dt]} of the augmented state {@code [theta1,
     * theta2, dtheta1, dtheta2, torque]}, as Gymnasium's {@code rk4(self._dsdt, s_augmented, [0,
     * self.dt])}; returns the first four components.
     */
    private double[] rk4(double[] y0) {
        double dt = DT;
        double dt2 = dt / 2.0;
        double[] k1 = dsdt(y0);
        double[] k2 = dsdt(axpy(dt2, k1, y0));
        double[] k3 = dsdt(axpy(dt2, k2, y0));
        double[] k4 = dsdt(axpy(dt, k3, y0));
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y0[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    /** {@code y + a * x}, element-wise. */
    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] + a * x[i];
        }
        return out;
    }

    /** The time derivative of the augmented state, Gymnasium's {@code _dsdt}. */
    private double[] dsdt(double[] sAugmented) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = 9.8;
        double a = sAugmented[4];
        double theta1 = sAugmented[0];
        double theta2 = sAugmented[1];
        double dtheta1 = sAugmented[2];
        double dtheta2 = sAugmented[3];
        double d1 =
                m1 * (lc1 * lc1)
                        + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2))
                        + i1
                        + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 =
                -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                        - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
                        + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                        + phi2;
        double ddtheta2;
        if (book) {
            // Consistent with the Java implementation and the book.
            ddtheta2 =
                    (a
                                    + d2 / d1 * phi1
                                    - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2)
                                    - phi2)
                            / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        } else {
            // Consistent with the description in the NIPS paper.
            ddtheta2 = (a + d2 / d1 * phi1 - phi2) / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        }
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
    }

    /** Wraps {@code x} into [m, M] by whole turns of M - m, as Gymnasium's {@code wrap}. */
    static double wrap(double x, double m, double bigM) {
        double diff = bigM - m;
        while (x > bigM) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    /** {@code min(max(x, m), M)} as Python's builtins compute it. */
    static double bound(double x, double m, double bigM) {
        double lower = m > x ? m : x;
        return bigM < lower ? bigM : lower;
    }

    @Override
    void draw(Canvas canvas, double[] s) {
        int dim = 500;
        double bound = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
        double scale = dim / (bound * 2);
        double offset = dim / 2.0;
        // Joint positions, x to the right and y up: the pivot, then the end of link 1.
        double[] jointX = {0, LINK_LENGTH_1 * Math.sin(s[0]) * scale};
        double[] jointY = {0, -LINK_LENGTH_1 * Math.cos(s[0]) * scale};
        double[] thetas = {s[0] - Math.PI / 2, s[0] + s[1] - Math.PI / 2};
        double[] linkLengths = {LINK_LENGTH_1 * scale, LINK_LENGTH_2 * scale};

        canvas.line(
                -2.2 * scale + offset,
                1 * scale + offset,
                2.2 * scale + offset,
                1 * scale + offset,
                0x000000);
        for (int k = 0; k < 2; k++) {
            double x = jointX[k] + offset;
            double y = jointY[k] + offset;
            double cos = Math.cos(thetas[k]);
            double sin = Math.sin(thetas[k]);
            double t = 0.1 * scale;
            double[][] corners = {{0, -t}, {0, t}, {linkLengths[k], t}, {linkLengths[k], -t}};
            double[] xs = new double[4];
            double[] ys = new double[4];
            for (int i = 0; i < 4; i++) {
                xs[i] = corners[i][0] * cos - corners[i][1] * sin + x;
                ys[i] = corners[i][0] * sin + corners[i][1] * cos + y;
            }
            canvas.fillPolygon(xs, ys, 0x00CCCC);
            canvas.fillCircle((int) x, (int) y, (int) (0.1 * scale), 0xCCCC00);
        }
    }
}
