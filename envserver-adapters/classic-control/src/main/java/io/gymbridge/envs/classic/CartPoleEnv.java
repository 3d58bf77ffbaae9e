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
 * CartPole-v1, a port of Gymnasium 1.4's {@code gymnasium/envs/classic_control/cartpole.py}: same
 * float64 state arithmetic in the same order, same spaces, rewards and seeding.
 *
 * <h2>Description</h2>
 *
 * The cart-pole problem of Barto, Sutton and Anderson, "Neuronlike Adaptive Elements That Can Solve
 * Difficult Learning Control Problems" (1983). A pole stands on a cart by an unactuated hinge; the
 * cart runs on a frictionless track. Pushing the cart left or right, keep the pole upright.
 *
 * <h2>Action Space</h2>
 *
 * {@code Discrete(2)}: 0 pushes the cart to the left, 1 to the right, with a force of 10 N. How
 * much that changes the cart's velocity depends on the pole's angle.
 *
 * <h2>Observation Space</h2>
 *
 * A float32 tensor [4]: cart position in [-4.8, 4.8], cart velocity (unbounded), pole angle in
 * about [-0.418, 0.418] rad (24 degrees), pole angular velocity (unbounded). The bounds are twice
 * the termination thresholds, so the observation of a terminal state is still inside the space.
 *
 * <h2>Rewards</h2>
 *
 * +1 for every step, the terminating one included. With {@code sutton_barto_reward}, 0 for every
 * step that does not terminate and -1 for the one that does. Stepping past termination (possible
 * only on the unwrapped env) gives 0 (or -1 with {@code sutton_barto_reward}).
 *
 * <h2>Starting State</h2>
 *
 * All four state variables uniform in [-0.05, 0.05], drawn with the env's NumPy-exact generator;
 * the reset options {@code low} and {@code high} change the interval.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when the pole angle leaves [-12, 12] degrees or the cart position leaves [-2.4, 2.4].
 * Truncated after 500 steps by the TimeLimit the registry adds (this class counts nothing).
 *
 * <h2>Arguments</h2>
 *
 * Kwarg {@code sutton_barto_reward} (bool, default false): the rewards of the original
 * implementation, as above. Reset options {@code low} and {@code high} (floats, default -0.05 and
 * 0.05). Render mode {@code "rgb_array"} gives 600x400 frames.
 *
 * <h2>Version History</h2>
 *
 * v1: the time limit raised to 500 steps, reward threshold 475; Gymnasium 1.0.0a2 added {@code
 * sutton_barto_reward}. v0 (not bundled): 200 steps, reward threshold 195.
 */
public final class CartPoleEnv extends ClassicControlEnv<Integer> {

    /** Gymnasium's registration of CartPole-v1. */
    public static final EnvSpec SPEC =
            new EnvSpec("CartPole-v1", OptionalInt.of(500), OptionalDouble.of(475.0), false);

    private static final double GRAVITY = 9.8;
    private static final double MASSCART = 1.0;
    private static final double MASSPOLE = 0.1;
    private static final double TOTAL_MASS = MASSPOLE + MASSCART;

    /** Half the pole's length. */
    private static final double LENGTH = 0.5;

    private static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    private static final double FORCE_MAG = 10.0;

    /** Seconds between state updates. */
    private static final double TAU = 0.02;

    /** Angle at which the episode fails: 12 degrees, computed as Gymnasium computes it. */
    private static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;

    private static final double X_THRESHOLD = 2.4;

    private static final System.Logger LOG = System.getLogger(CartPoleEnv.class.getName());

    private final boolean suttonBartoReward;

    /** Gymnasium's {@code steps_beyond_terminated}: null until the step that terminates. */
    private Integer stepsBeyondTerminated;

    /** CartPole-v1 with the default kwargs and no rendering. */
    public CartPoleEnv() {
        this(SPEC, Map.of(), null);
    }

    /**
     * CartPole as the registry makes it; usable as an {@link io.gymbridge.env.EnvFactory}.
     *
     * @param spec the spec to report
     * @param kwargs {@code sutton_barto_reward} or nothing
     * @param renderMode null or "rgb_array"
     * @throws io.gymbridge.env.EnvException INVALID_ARGUMENT for unknown or mistyped kwargs
     */
    public CartPoleEnv(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        super(observationBox(), new Discrete(2), spec, renderMode, 4, 50, 600, 400);
        Kwargs k = new Kwargs(spec.id(), kwargs);
        this.suttonBartoReward = k.getBoolean("sutton_barto_reward", false);
        k.requireAllUsed();
    }

    private static Box observationBox() {
        double inf = Double.POSITIVE_INFINITY;
        double[] high = float32(X_THRESHOLD * 2, inf, THETA_THRESHOLD_RADIANS * 2, inf);
        double[] low = {-high[0], -high[1], -high[2], -high[3]};
        return Box.of(low, high, DType.FLOAT32);
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        double[] bounds = ResetBounds.parse(spec().id(), options, -0.05, 0.05);
        putState(random().uniform(bounds[0], bounds[1], 4));
        stepsBeyondTerminated = null;
        return new Reset<>(observe(), Map.of());
    }

    @Override
    Step<Tensor> stepValid(Integer a) {
        double[] s = currentState();
        double x = s[0];
        double xDot = s[1];
        double theta = s[2];
        double thetaDot = s[3];
        double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
        double costheta = Math.cos(theta);
        double sintheta = Math.sin(theta);

        // Equations of https://coneural.org/florian/papers/05_cart_pole.pdf, in Gymnasium's order.
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
        double thetaacc =
                (GRAVITY * sintheta - costheta * temp)
                        / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
        double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;

        // Euler integration (Gymnasium's default kinematics_integrator).
        x = x + TAU * xDot;
        xDot = xDot + TAU * xacc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaacc;
        putState(new double[] {x, xDot, theta, thetaDot});

        boolean terminated =
                x < -X_THRESHOLD
                        || x > X_THRESHOLD
                        || theta < -THETA_THRESHOLD_RADIANS
                        || theta > THETA_THRESHOLD_RADIANS;
        double reward;
        if (!terminated) {
            reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated == null) {
            // The pole just fell.
            stepsBeyondTerminated = 0;
            reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            if (stepsBeyondTerminated == 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "You are calling 'step()' even though this environment has already"
                                + " returned terminated = True. You should always call 'reset()'"
                                + " once you receive 'terminated = True' -- any further steps are"
                                + " undefined behavior.");
            }
            stepsBeyondTerminated++;
            reward = suttonBartoReward ? -1.0 : 0.0;
        }
        return new Step<>(observe(), reward, terminated, false, Map.of());
    }

    /** A state set from outside starts a fresh trajectory: no termination seen yet. */
    @Override
    void stateWasSet() {
        stepsBeyondTerminated = null;
    }

    private Tensor observe() {
        double[] s = currentState();
        return observation((float) s[0], (float) s[1], (float) s[2], (float) s[3]);
    }

    @Override
    void draw(Canvas canvas, double[] s) {
        double worldWidth = X_THRESHOLD * 2;
        double scale = 600 / worldWidth;
        double polewidth = 10.0;
        double polelen = scale * (2 * LENGTH);
        double cartwidth = 50.0;
        double cartheight = 30.0;
        double axleoffset = cartheight / 4.0;
        double cartx = s[0] * scale + 600 / 2.0; // middle of the cart
        double carty = 100; // top of the cart

        double l = -cartwidth / 2;
        double r = cartwidth / 2;
        double t = cartheight / 2;
        double b = -cartheight / 2;
        canvas.fillPolygon(
                new double[] {l + cartx, l + cartx, r + cartx, r + cartx},
                new double[] {b + carty, t + carty, t + carty, b + carty},
                0x000000);

        l = -polewidth / 2;
        r = polewidth / 2;
        t = polelen - polewidth / 2;
        b = -polewidth / 2;
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double[] xs = new double[4];
        double[] ys = new double[4];
        double cos = Math.cos(-s[2]);
        double sin = Math.sin(-s[2]);
        for (int i = 0; i < 4; i++) {
            xs[i] = corners[i][0] * cos - corners[i][1] * sin + cartx;
            ys[i] = corners[i][0] * sin + corners[i][1] * cos + carty + axleoffset;
        }
        canvas.fillPolygon(xs, ys, 0xCA9865);
        canvas.fillCircle((int) cartx, (int) (carty + axleoffset), (int) (polewidth / 2), 0x8184CB);
        canvas.line(0, carty, 600, carty, 0x000000);
    }
}
