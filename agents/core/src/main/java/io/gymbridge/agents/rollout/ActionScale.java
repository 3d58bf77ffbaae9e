package io.gymbridge.agents.rollout;

import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Space;

/**
 * The affine map from normalised actions in [-1, 1] onto a bounded 1-D Box: {@code low + (a + 1)
 * (high - low) / 2}. The off-policy algorithms act, explore and learn in normalised units and map
 * onto the env's bounds only when they send an action.
 *
 * @param low the Box's lower bounds
 * @param high the Box's upper bounds
 * @param codec the encoding of the env's action values
 */
public record ActionScale(float[] low, float[] high, SpaceCodec.Act codec) {

    /**
     * The scale of an action space.
     *
     * @throws IllegalArgumentException naming the algorithm and the space, unless it is a bounded
     *     1-D Box of floats
     */
    public static ActionScale of(Space<?> space, String algo) {
        if (!(space instanceof Box box) || !box.isBounded() || box.shape().length != 1) {
            throw new IllegalArgumentException(
                    algo
                            + " cannot handle action space "
                            + space
                            + ": it needs a bounded 1-D Box (continuous actions)");
        }
        SpaceCodec.Act codec = SpaceCodec.action(space, algo);
        float[] low = new float[box.size()];
        float[] high = new float[box.size()];
        for (int i = 0; i < low.length; i++) {
            low[i] = (float) box.low(i);
            high[i] = (float) box.high(i);
        }
        return new ActionScale(low, high, codec);
    }

    /** The number of action dimensions. */
    public int size() {
        return low.length;
    }

    /**
     * A uniform random action in normalised units, [-1, 1] per dimension, into {@code a}: the
     * off-policy algorithms' exploration for their first start_steps steps.
     */
    public static void uniform(float[] a, Rng rng) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
    }

    /** Maps normalised {@code a} onto the Box, into {@code out}. */
    public void toEnv(float[] a, float[] out) {
        for (int i = 0; i < low.length; i++) {
            out[i] = low[i] + (a[i] + 1f) * 0.5f * (high[i] - low[i]);
        }
    }

    /** The env's action value for a normalised action. */
    public Object envAction(float[] a) {
        float[] mapped = new float[low.length];
        toEnv(a, mapped);
        return codec.single(mapped, 0);
    }
}
