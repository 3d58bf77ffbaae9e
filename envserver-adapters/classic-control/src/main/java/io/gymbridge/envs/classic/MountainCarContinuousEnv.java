package io.gymbridge.envs.classic;

import io.gymbridge.env.DType;
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
 * MountainCarContinuous-v0, a port of Gymnasium 1.4's {@code Continuous_MountainCarEnv} in {@code
 * gymnasium/envs/classic_control/continuous_mountain_car.py}: same arithmetic in the same order,
 * same spaces, rewards and seeding.
 *
 * <p>As in Gymnasium, the state is stored as float32 after every step (and is float64 only right
 * after a reset); the arithmetic of a step is float64 throughout, which is what NumPy 1.x's
 * promotion of float32 scalars with Python floats gives, and what the reference episodes were
 * recorded with.
 *
 * <h2>Description</h2>
 *
 * A car starts at a random position at the bottom of a sinusoidal valley and must reach the flag on
 * top of the right hill, building momentum by driving back and forth because its engine is too weak
 * to climb directly. This is the continuous-action version of {@link MountainCarEnv}, from Andrew
 * Moore's PhD thesis (1990) by way of the FAReinforcement library.
 *
 * <h2>Action Space</h2>
 *
 * A float32 tensor [1]: the force pushing the car, in [-1, 1]. Values outside are clipped by the
 * env for the dynamics (but not for the reward).
 *
 * <h2>Observation Space</h2>
 *
 * A float32 tensor [2]: position along the x axis in [-1.2, 0.6] and velocity in [-0.07, 0.07].
 *
 * <h2>Transition Dynamics</h2>
 *
 * {@code velocity += force * 0.0015 - 0.0025 * cos(3 * position)}, clipped to [-0.07, 0.07]; then
 * {@code position += velocity}, clipped to [-1.2, 0.6]. Hitting the left wall is inelastic: a
 * negative velocity becomes 0 there.
 *
 * <h2>Rewards</h2>
 *
 * {@code -0.1 * action^2} every step, with the unclipped action, plus 100 on the step that reaches
 * the goal.
 *
 * <h2>Starting State</h2>
 *
 * Position uniform in [-0.6, -0.4] (drawn with the env's NumPy-exact generator), velocity 0; the
 * reset options {@code low} and {@code high} change the position's interval.
 *
 * <h2>Episode End</h2>
 *
 * Terminated when the position reaches 0.45 with a velocity of at least {@code goal_velocity}.
 * Truncated after 999 steps by the TimeLimit the registry adds.
 *
 * <h2>Arguments</h2>
 *
 * Kwarg {@code goal_velocity} (float, default 0): the least velocity that counts at the goal. Reset
 * options {@code low} and {@code high} (defaults -0.6 and -0.4). Render mode {@code "rgb_array"}
 * gives 600x400 frames.
 *
 * <h2>Version History</h2>
 *
 * v0: the first release; reward threshold 90.
 */
public final class MountainCarContinuousEnv extends ClassicControlEnv<Tensor> {

    /** Gymnasium's registration of MountainCarContinuous-v0. */
    public static final EnvSpec SPEC =
            new EnvSpec(
                    "MountainCarContinuous-v0",
                    OptionalInt.of(999),
                    OptionalDouble.of(90.0),
                    false);

    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double MIN_POSITION = MountainCarEnv.MIN_POSITION;
    private static final double MAX_POSITION = MountainCarEnv.MAX_POSITION;
    private static final double MAX_SPEED = MountainCarEnv.MAX_SPEED;

    /** 0.5 in the discrete version, 0.45 in Arnaud de Broissia's, which this follows. */
    private static final double GOAL_POSITION = 0.45;

    private static final double POWER = 0.0015;

    private final double goalVelocity;

    /** MountainCarContinuous-v0 with the default kwargs and no rendering. */
    public MountainCarContinuousEnv() {
        this(SPEC, Map.of(), null);
    }

    /**
     * MountainCarContinuous as the registry makes it; usable as an {@link
     * io.gymbridge.env.EnvFactory}.
     *
     * @param spec the spec to report
     * @param kwargs {@code goal_velocity} or nothing
     * @param renderMode null or "rgb_array"
     * @throws io.gymbridge.env.EnvException INVALID_ARGUMENT for unknown or mistyped kwargs
     */
    public MountainCarContinuousEnv(EnvSpec spec, Map<String, Object> kwargs, String renderMode) {
        super(
                Box.of(
                        float32(MIN_POSITION, -MAX_SPEED),
                        float32(MAX_POSITION, MAX_SPEED),
                        DType.FLOAT32),
                Box.of(MIN_ACTION, MAX_ACTION, DType.FLOAT32, 1),
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
    Step<Tensor> stepValid(Tensor action) {
        double a = action.getFloat(0);
        double[] s = currentState();
        double position = s[0];
        double velocity = s[1];
        double force = Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);

        velocity += force * POWER - 0.0025 * Math.cos(3 * position);
        if (velocity > MAX_SPEED) {
            velocity = MAX_SPEED;
        }
        if (velocity < -MAX_SPEED) {
            velocity = -MAX_SPEED;
        }
        position += velocity;
        if (position > MAX_POSITION) {
            position = MAX_POSITION;
        }
        if (position < MIN_POSITION) {
            position = MIN_POSITION;
        }
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        double reward = terminated ? 100.0 : 0.0;
        reward -= a * a * 0.1;
        // Gymnasium keeps the new state as a float32 array, and returns that array as observation.
        putState(new double[] {(float) position, (float) velocity});
        return new Step<>(observe(), reward, terminated, false, Map.of());
    }

    private Tensor observe() {
        double[] s = currentState();
        return observation((float) s[0], (float) s[1]);
    }

    @Override
    void draw(Canvas canvas, double[] s) {
        MountainCarEnv.drawMountainCar(canvas, s[0], GOAL_POSITION);
    }
}
