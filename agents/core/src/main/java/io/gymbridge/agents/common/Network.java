package io.gymbridge.agents.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A network as the off-policy algorithms handle it: a fixed list of parameter arrays that can be
 * frozen, copied and polyak-averaged into a target copy. {@link Mlp} and {@link TwinMlp}.
 */
public abstract class Network implements AutoCloseable {
    /** The parameters, in a fixed order. */
    protected final List<Parameter> params = new ArrayList<>();

    /** The parameters, in a fixed order (what an optimizer steps). */
    public List<Parameter> parameters() {
        return List.copyOf(params);
    }

    /**
     * Whether gradients flow into the parameters: off for target networks, and for a critic while
     * the actor's loss is backpropagated through it (Spinning Up's freezing of Q).
     */
    public void setTrainable(boolean trainable) {
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(trainable);
        }
    }

    /** Copies another network's weights (same shapes) into this one. */
    public void copyFrom(Network other) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getArray().set(other.params.get(i).getArray().toFloatArray());
        }
    }

    /**
     * {@code this = polyak this + (1 - polyak) main}, in place, for every parameter: a target
     * network following its main network slowly.
     *
     * <p>One fused engine call per parameter instead of three element-wise ops (each DJL op costs
     * 10-60 us of overhead here, and SAC does this for every critic parameter at every update): the
     * engines' SGD kernel computes {@code w - lr (rescale g + wd w)}, which with {@code w = this},
     * {@code g = main}, {@code lr = 1}, {@code rescale = -(1 - polyak)} and {@code wd = 1 - polyak}
     * is exactly the polyak average. Neither engine changes {@code g}.
     */
    public void polyakTowards(Network main, double polyak) {
        float rate = (float) (1 - polyak);
        for (int i = 0; i < params.size(); i++) {
            NDArray t = params.get(i).getArray();
            t.getNDArrayInternal()
                    .sgdUpdate(
                            new NDList(t, main.params.get(i).getArray()),
                            new NDList(t),
                            1f,
                            rate,
                            -rate,
                            -1f,
                            0f,
                            false);
        }
    }

    /** The number of parameters. */
    public long size() {
        long n = 0;
        for (Parameter p : params) {
            n += p.getArray().size();
        }
        return n;
    }

    /** Draws {@code n} values of U(-bound, bound): PyTorch's default {@code nn.Linear} init. */
    static float[] uniform(Rng rng, int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    @Override
    public void close() {
        for (Parameter p : params) {
            p.close();
        }
    }
}
