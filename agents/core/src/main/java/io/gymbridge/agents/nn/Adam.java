package io.gymbridge.agents.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.gymbridge.agents.djl.HostArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with the update rule of {@code torch.optim.Adam} (no weight decay), keeping its state in our
 * own NDArrays so that a checkpoint can save and restore it (DJL's Adam hides its state).
 *
 * <p>For each parameter w with gradient g, at step t (from 1):
 *
 * <pre>
 * m = beta1 m + (1 - beta1) g
 * v = beta2 v + (1 - beta2) g^2
 * w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The arithmetic runs in the engine's fused Adam kernel ({@code NDArrayEx.adamUpdate}: {@code m},
 * {@code v} updated as above, then {@code w -= lr' m / (sqrt(v) + eps')}), with the bias
 * corrections folded into {@code lr' = lr sqrt(1 - beta2^t) / (1 - beta1^t)} and {@code eps' = eps
 * sqrt(1 - beta2^t)}, which is exactly the rule above. One kernel call per parameter instead of a
 * dozen element-wise ops matters here: each DJL op costs tens of µs of overhead, and PPO takes 160
 * optimizer steps per epoch. The PyTorch kernel also zeroes the gradient, as {@code zero_grad}
 * would; MXNet overwrites gradients on every backward pass.
 */
public final class Adam {
    private final List<Parameter> params;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long t;

    /** Adam with torch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    /** Adam with the given hyperparameters. */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Parameter p : this.params) {
            NDArray w = p.getArray();
            m.add(w.zerosLike());
            v.add(w.zerosLike());
        }
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }

    /**
     * One step on the gradients of the last backward pass. Call it after the {@code
     * GradientCollector} is closed.
     */
    public void step() {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        float lrT = (float) (lr * sqrtBc2 / bc1);
        float epsT = (float) (eps * sqrtBc2);
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            try (NDArray g = w.getGradient()) {
                w.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(w, g, m.get(i), v.get(i)),
                                new NDList(w),
                                lrT,
                                lrT,
                                0f,
                                1f,
                                -1f,
                                (float) beta1,
                                (float) beta2,
                                epsT,
                                false,
                                false);
            }
        }
    }

    /** Writes the step count and the moments (DJL's NDList encoding). */
    public void save(Path file) throws IOException {
        try (NDArray step = m.get(0).getManager().create(t);
                OutputStream out = Files.newOutputStream(file)) {
            NDList state = new NDList(step);
            state.addAll(m);
            state.addAll(v);
            state.encode(out);
        }
    }

    /**
     * Restores the state written by {@link #save}.
     *
     * @throws IllegalArgumentException if it is for other parameters
     */
    public void load(Path file) throws IOException {
        NDManager mgr = m.get(0).getManager();
        try (InputStream in = Files.newInputStream(file);
                NDManager tmp = mgr.newSubManager()) {
            NDList state = NDList.decode(tmp, in);
            if (state.size() != 1 + 2 * params.size()) {
                throw new IllegalArgumentException(
                        file + " holds Adam state for another set of parameters");
            }
            t = state.get(0).getLong();
            for (int i = 0; i < params.size(); i++) {
                copy(state.get(1 + i), m.get(i), file);
                copy(state.get(1 + params.size() + i), v.get(i), file);
            }
        }
    }

    private static void copy(NDArray from, NDArray to, Path file) {
        if (!from.getShape().equals(to.getShape())) {
            throw new IllegalArgumentException(
                    file
                            + " holds Adam state of shape "
                            + from.getShape()
                            + ", need "
                            + to.getShape());
        }
        HostArrays.set(to, from.toFloatArray());
    }
}
