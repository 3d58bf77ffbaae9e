package io.gymbridge.env.wrappers;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;
import java.util.Arrays;

/**
 * Lets the agent act in {@code [minAction, maxAction]} and maps its actions affinely onto the env's
 * Box {@code [low, high]}, as {@code gymnasium.wrappers.RescaleAction}.
 *
 * <p>The wrapper's action space is {@code Box(minAction, maxAction)} of the env's shape and dtype.
 * Element i of an action {@code a} reaches the env as {@code (a - intercept) / gradient} with
 * {@code gradient = (maxAction - minAction) / (high - low)} and {@code intercept = gradient * -low
 * + minAction}, so {@code minAction} maps to {@code low}, {@code maxAction} to {@code high} and the
 * midpoint to the midpoint. For example, Pendulum's {@code [-2, 2]} rescaled to {@code [-1, 1]}
 * takes {@code -1 -> -2}, {@code 0 -> 0}, {@code 0.5 -> 1}, {@code 1 -> 2}.
 *
 * <p>As in Gymnasium's {@code rescale_box}: an unbounded element must keep its infinite bound
 * ({@code minAction == low} where either is infinite, and likewise for the upper bounds), and is
 * then shifted by the finite bound, if any, and not scaled. Gradient, intercept and the result are
 * rounded to the Box's dtype at each step, as NumPy computes them (float32 for a float32 Box), so
 * the env gets the very float32 actions it would get under Gymnasium. The agent's actions are not
 * clipped (the env clips them, or wrap this in {@link ClipAction}).
 *
 * @param <O> the observation type
 */
public final class RescaleAction<O> extends Wrapper<O, Tensor> {
    private final Box envSpace;
    private final Box actionSpace;
    private final double[] gradient;
    private final double[] intercept;

    /** Rescales to {@code [minAction, maxAction]} in every element. */
    public RescaleAction(Env<O, Tensor> env, double minAction, double maxAction) {
        this(env, filled(env, minAction), filled(env, maxAction));
    }

    /**
     * Rescales to per-element bounds.
     *
     * @param env an env with a Box action space
     * @param minAction the agent's lower bounds, one per element (row-major)
     * @param maxAction the agent's upper bounds, one per element (row-major)
     * @throws IllegalArgumentException if the action space is not a Box, the bounds have the wrong
     *     length, {@code minAction > maxAction} or {@code minAction == maxAction} anywhere, or an
     *     infinite bound does not match
     */
    public RescaleAction(Env<O, Tensor> env, double[] minAction, double[] maxAction) {
        super(env);
        this.envSpace = ClipAction.requireBox("RescaleAction", env.actionSpace());
        int n = envSpace.size();
        if (minAction.length != n || maxAction.length != n) {
            throw new IllegalArgumentException(
                    "RescaleAction of "
                            + envSpace
                            + " needs "
                            + n
                            + " bounds, got min_action "
                            + minAction.length
                            + ", max_action "
                            + maxAction.length);
        }
        this.gradient = new double[n];
        this.intercept = new double[n];
        for (int i = 0; i < n; i++) {
            double low = inDtype(envSpace.low(i));
            double high = inDtype(envSpace.high(i));
            double newMin = minAction[i];
            double newMax = maxAction[i];
            boolean minMatches = Double.isFinite(newMin) && Double.isFinite(low) || newMin == low;
            boolean maxMatches = Double.isFinite(newMax) && Double.isFinite(high) || newMax == high;
            if (!minMatches || !maxMatches) {
                throw new IllegalArgumentException(
                        "RescaleAction element ["
                                + i
                                + "]: for unbounded components, the target bounds must match the"
                                + " original infinite bounds of "
                                + envSpace
                                + ", got ["
                                + newMin
                                + ", "
                                + newMax
                                + "]");
            }
            if (!(newMin < newMax)) {
                throw new IllegalArgumentException(
                        "RescaleAction element ["
                                + i
                                + "]: min_action must be strictly smaller than max_action (the"
                                + " rescaling has no inverse otherwise), got "
                                + newMin
                                + " and "
                                + newMax);
            }
            boolean minFinite = Double.isFinite(newMin);
            boolean maxFinite = Double.isFinite(newMax);
            gradient[i] = minFinite && maxFinite ? inDtype((newMax - newMin) / (high - low)) : 1;
            if (minFinite) {
                intercept[i] = inDtype(inDtype(gradient[i] * -low) + newMin);
            } else if (maxFinite) {
                intercept[i] = inDtype(newMax - high);
            }
        }
        this.actionSpace =
                Box.of(minAction.clone(), maxAction.clone(), envSpace.dtype(), envSpace.shape());
    }

    private static double[] filled(Env<?, Tensor> env, double value) {
        double[] out = new double[ClipAction.requireBox("RescaleAction", env.actionSpace()).size()];
        Arrays.fill(out, value);
        return out;
    }

    @Override
    public Space<Tensor> actionSpace() {
        return actionSpace;
    }

    @Override
    public Step<O> step(Tensor action) {
        ClipAction.checkAction("RescaleAction", this, action);
        return env.step(rescale(action));
    }

    /** The env's action for the agent's {@code action}: {@code (action - intercept) / gradient}. */
    Tensor rescale(Tensor action) {
        double[] values = action.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = inDtype(inDtype(values[i] - intercept[i]) / gradient[i]);
        }
        return Tensor.wrap(DType.FLOAT64, action.shape(), values).astype(envSpace.dtype());
    }

    /** {@code x} rounded to float32 for a float32 Box, as NumPy computes in the array's dtype. */
    private double inDtype(double x) {
        return envSpace.dtype() == DType.FLOAT32 ? (float) x : x;
    }
}
