package io.gymbridge.env.wrappers;

import io.gymbridge.env.DType;
import io.gymbridge.env.Env;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;

/**
 * Clips each element of a Box action into the env's {@code [low, high]} before the env sees it, as
 * {@code gymnasium.wrappers.ClipAction}.
 *
 * <p>Since any action of the right shape and dtype is now acceptable, the wrapper's action space is
 * {@code Box(-inf, inf)} of the env's shape and dtype, as in Gymnasium 1.0+ (for signed integer
 * dtypes the dtype's range, as Gymnasium's Box turns infinite integer bounds into it). Pendulum's
 * {@code Box(-2.0, 2.0, (1,), float32)} becomes {@code Box(-inf, inf, (1,), float32)}, and the
 * action {@code [5.0]} reaches the env as {@code [2.0]}.
 *
 * <p>Following the {@link Env} contract, NaN and infinite elements are still rejected with
 * INVALID_ARGUMENT (Gymnasium's {@code np.clip} would map infinities to the bounds and pass NaN
 * on).
 *
 * @param <O> the observation type
 */
public final class ClipAction<O> extends Wrapper<O, Tensor> {
    private final Box envSpace;
    private final Box actionSpace;

    /**
     * Clips the actions of {@code env}.
     *
     * @throws IllegalArgumentException if the env's action space is not a Box, or is a Box of an
     *     unsigned dtype (which Gymnasium cannot make unbounded either)
     */
    public ClipAction(Env<O, Tensor> env) {
        super(env);
        this.envSpace = requireBox("ClipAction", env.actionSpace());
        DType dtype = envSpace.dtype();
        if (!dtype.isFloating() && dtype.minValue() == 0) {
            throw new IllegalArgumentException(
                    "ClipAction cannot make an unbounded Box of dtype "
                            + dtype.numpyName()
                            + " for "
                            + envSpace);
        }
        this.actionSpace = Box.of(dtype.minValue(), dtype.maxValue(), dtype, envSpace.shape());
    }

    /** The Box of {@code space}, or IllegalArgumentException naming the space. */
    static Box requireBox(String wrapper, Space<?> space) {
        if (space instanceof Box b) {
            return b;
        }
        throw new IllegalArgumentException(wrapper + " requires a Box action space, got " + space);
    }

    /**
     * Fails unless {@code action} is a valid action of {@code wrapper}'s action space.
     *
     * @throws EnvException INVALID_ARGUMENT naming the wrapper, the env and what is wrong
     */
    static void checkAction(String name, Wrapper<?, Tensor> wrapper, Tensor action) {
        wrapper.actionSpace()
                .actionMismatch(action)
                .ifPresent(
                        why -> {
                            throw EnvException.invalidArgument(
                                    "invalid action for "
                                            + name
                                            + "("
                                            + wrapper.spec().id()
                                            + "): "
                                            + why);
                        });
    }

    @Override
    public Space<Tensor> actionSpace() {
        return actionSpace;
    }

    @Override
    public Step<O> step(Tensor action) {
        checkAction("ClipAction", this, action);
        return env.step(clip(action));
    }

    /** The action with element i clipped into {@code [low(i), high(i)]} of the env's Box. */
    Tensor clip(Tensor action) {
        double[] values = action.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(Math.max(values[i], envSpace.low(i)), envSpace.high(i));
        }
        return Tensor.wrap(DType.FLOAT64, action.shape(), values).astype(envSpace.dtype());
    }
}
