package io.gymbridge.agents.trpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import io.gymbridge.agents.distributions.Categorical;
import io.gymbridge.agents.distributions.DiagGaussian;
import io.gymbridge.agents.distributions.Distribution;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.djl.Scalars;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.nn.ActivationFn;
import io.gymbridge.agents.nn.MlpActorCritic;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.spaces.Space;
import java.util.ArrayList;
import java.util.List;

/**
 * TRPO's actor-critic: Spinning Up's MLP actor-critic ({@link MlpActorCritic}) with what TRPO
 * computes on it: the surrogate loss, the mean KL from the old policy, the policy parameters as one
 * flat vector, and products of the Fisher information matrix with a vector.
 *
 * <p><b>Why an analytic Fisher-vector product.</b> TRPO needs H v, H the Hessian of the mean KL at
 * the old parameters; Spinning Up differentiates the gradient a second time, which DJL's public API
 * cannot (no double backward). At theta = theta_old the KL's Hessian equals the Fisher matrix,
 * which for a policy whose distribution parameters are {@code f(s; theta)} is {@code F = mean_s J^T
 * M J}, J the Jacobian of f and M the Fisher matrix of the distribution in its own parameters:
 *
 * <ul>
 *   <li>categorical over logits z: {@code M = diag(p) - p p^T};
 *   <li>diagonal Gaussian, means mu: {@code M = diag(1 / sigma^2)}; the {@code log_std} block is
 *       {@code 2 I}, with no cross terms (the KL's mixed derivatives vanish at theta_old).
 * </ul>
 *
 * So {@code F v = mean_s J^T (M (J v))}: J v by a forward-mode pass through the MLP written out
 * here (a tangent per layer: {@code dz = W dh + dW h + db}, {@code dh = act'(z) dz}), M applied in
 * closed form, and {@code J^T u} by one ordinary backward pass of {@code sum(f(s) * u) / T} with u
 * held constant. This is exact up to float rounding, where finite differences of gradients would
 * trade truncation error against cancellation, and costs one extra forward pass and one backward
 * per product. A test checks it against the Fisher matrix built from per-sample Jacobians.
 */
final class TrpoActorCritic extends MlpActorCritic {

    TrpoActorCritic(
            NDManager manager, Space<?> obsSpace, Space<?> actSpace, AcKwargs kwargs, Rng initRng) {
        super(manager, obsSpace, actSpace, kwargs, Trpo.NAME, initRng);
    }

    /**
     * The surrogate loss {@code -mean(pi(a|s) / pi_old(a|s) A)}, whose gradient at theta_old is
     * minus the policy gradient g of pseudocode line 6.
     */
    NDArray computeLossPi(Batch data) {
        NDArray logp = pi(data.obs()).logProb(data.act());
        return logp.sub(data.logp()).exp().mul(data.adv()).mean().neg();
    }

    /** The value loss (line 9): {@code mean((V(s) - R)^2)} against the rewards-to-go. */
    NDArray computeLossV(Batch data) {
        return v(data.obs()).sub(data.ret()).square().mean();
    }

    /** The mean KL(pi || pi_old) over the batch's states, the constraint of TRPO. */
    NDArray meanKl(Batch data, Distribution old) {
        return pi(data.obs()).kl(old).mean();
    }

    /** The gradient of the surrogate loss with respect to the policy parameters, flat. */
    @SuppressWarnings("try") // the NDScope closes the arrays made in its block
    double[] lossPiGradient(Batch data) {
        Engine engine = manager().getEngine();
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(computeLossPi(data));
            }
            return flatGradient(piParameters());
        }
    }

    /** The policy parameters as one vector, in {@link #piParameters()} order. */
    double[] piParams() {
        List<float[]> parts = new ArrayList<>();
        for (Parameter p : piParameters()) {
            parts.add(p.getArray().toFloatArray());
        }
        return concat(parts);
    }

    /** Sets the policy parameters from one vector, in {@link #piParameters()} order. */
    void setPiParams(double[] flat) {
        int offset = 0;
        for (Parameter p : piParameters()) {
            NDArray a = p.getArray();
            float[] values = new float[(int) a.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) flat[offset + i];
            }
            HostArrays.set(a, values);
            offset += values.length;
        }
    }

    /**
     * The Fisher matrix of the policy at its current parameters over the batch's states, as a
     * product with vectors. Holds the forward pass it needs; close it when done.
     */
    Fisher fisher(Batch data) {
        return new Fisher(data);
    }

    /** {@code v -> F v}, F the Fisher matrix (the Hessian of the mean KL at theta_old). */
    final class Fisher implements AutoCloseable {
        private final NDManager scope;
        private final NDArray obs;
        private final List<NDArray[]> layers = piLayers();
        private final List<NDArray> inputs = new ArrayList<>();
        private final List<NDArray> slopes = new ArrayList<>();
        private final NDArray probs;
        private final NDArray invVar;
        private final float size;

        private Fisher(Batch data) {
            this.scope = manager().newSubManager();
            this.obs = data.obs();
            this.size = data.size();
            ActivationFn act = activation();
            // The forward pass at theta_old, kept: each layer's input and act'(z).
            NDArray h = obs;
            for (int l = 0; l < layers.size(); l++) {
                inputs.add(h);
                NDArray z = Linear.linear(h, layers.get(l)[0], layers.get(l)[1]).singletonOrThrow();
                z.attach(scope);
                if (l < layers.size() - 1) {
                    h = act.apply(z);
                    h.attach(scope);
                    NDArray slope = act.derivative(z, h);
                    slope.attach(scope);
                    slopes.add(slope);
                } else {
                    h = z;
                }
            }
            if (logStd() == null) {
                probs = new Categorical(h).probs();
                probs.attach(scope);
                invVar = null;
            } else {
                probs = null;
                invVar = logStd().mul(-2f).exp();
                invVar.attach(scope);
            }
        }

        /** F v for a flat vector v over the policy parameters. */
        @SuppressWarnings("try") // the NDScope closes the arrays made in its block
        double[] apply(double[] v) {
            List<Parameter> params = piParameters();
            try (NDManager m = scope.newSubManager();
                    NDScope ndScope = new NDScope()) {
                List<NDArray> dv = split(v, params, m);
                // J v: tangents through the MLP (the input does not depend on theta)
                NDArray tangent = null;
                for (int l = 0; l < layers.size(); l++) {
                    NDArray dz =
                            Linear.linear(inputs.get(l), dv.get(2 * l), dv.get(2 * l + 1))
                                    .singletonOrThrow();
                    if (tangent != null) {
                        dz = dz.add(Linear.linear(tangent, layers.get(l)[0]).singletonOrThrow());
                    }
                    tangent = l < layers.size() - 1 ? dz.mul(slopes.get(l)) : dz;
                }
                // u = M (J v), the distribution's Fisher matrix in its own parameters
                NDArray u;
                if (probs != null) {
                    NDArray pjv = probs.mul(tangent);
                    u = pjv.sub(probs.mul(pjv.sum(new int[] {1}, true)));
                } else {
                    u = tangent.mul(invVar);
                }
                // J^T u / T: one backward pass with u held constant
                try (GradientCollector gc = manager().getEngine().newGradientCollector()) {
                    gc.backward(Scalars.div(piOutput(obs).mul(u).sum(), size));
                }
                if (probs != null) {
                    return flatGradient(params);
                }
                // log_std is the last parameter; its block of a Gaussian's Fisher matrix is 2 I
                double[] mlp = flatGradient(params.subList(0, params.size() - 1));
                double[] out = java.util.Arrays.copyOf(mlp, v.length);
                for (int i = mlp.length; i < v.length; i++) {
                    out[i] = 2 * v[i];
                }
                return out;
            }
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    /**
     * The gradients of the parameters from the last backward pass, flat; zeroes them afterwards
     * (PyTorch accumulates gradients across backward passes).
     */
    private static double[] flatGradient(List<Parameter> params) {
        List<float[]> parts = new ArrayList<>();
        for (Parameter p : params) {
            try (NDArray g = p.getArray().getGradient()) {
                parts.add(g.toFloatArray());
                g.subi(g);
            }
        }
        return concat(parts);
    }

    private static List<NDArray> split(double[] flat, List<Parameter> params, NDManager m) {
        List<NDArray> out = new ArrayList<>();
        int offset = 0;
        for (Parameter p : params) {
            Shape shape = p.getArray().getShape();
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) flat[offset + i];
            }
            out.add(HostArrays.create(m, values, shape));
            offset += values.length;
        }
        return out;
    }

    private static double[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int offset = 0;
        for (float[] p : parts) {
            for (float x : p) {
                out[offset++] = x;
            }
        }
        return out;
    }

    /** The old policy's distributions over the batch, computed once, outside any gradient. */
    Distribution detachedPi(Batch data) {
        Distribution d = pi(data.obs());
        if (d instanceof DiagGaussian g) {
            // a copy: log_std itself will change during the line search
            return new DiagGaussian(g.mean(), g.logStd().duplicate());
        }
        return d;
    }
}
