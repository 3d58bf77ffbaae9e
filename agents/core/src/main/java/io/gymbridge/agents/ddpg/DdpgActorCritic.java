package io.gymbridge.agents.ddpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.common.FastMlp;
import io.gymbridge.agents.common.Rng;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DDPG's actor-critic, Spinning Up's {@code MLPActorCritic} for DDPG: a deterministic actor {@code
 * mu(s) = tanh(MLP(s))} in normalised action units [-1, 1] and a critic {@code Q(s, a) = MLP([s,
 * a])}, each with a target copy that follows it by polyak averaging.
 *
 * <p>Actions are kept in normalised units everywhere inside the algorithm (buffer, critic, noise)
 * and scaled to the env's Box bounds only when sent to the env (see {@link Ddpg.ActionScale}).
 */
public final class DdpgActorCritic implements AutoCloseable {
    final Mlp pi;
    final Mlp q;
    final Mlp piTarg;
    final Mlp qTarg;

    /** Builds the networks and their targets (targets start as exact copies). */
    DdpgActorCritic(NDManager manager, int obsDim, int actDim, AcKwargs kwargs, Rng initRng) {
        pi = new Mlp(manager, obsDim, actDim, kwargs, initRng, true);
        q = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, true);
        piTarg = new Mlp(manager, obsDim, actDim, kwargs, initRng, false);
        qTarg = new Mlp(manager, obsDim + actDim, 1, kwargs, initRng, false);
        piTarg.copyFrom(pi);
        qTarg.copyFrom(q);
    }

    /** The actor's action, tanh of its MLP, in [-1, 1] {@code [N, actDim]}. */
    public static NDArray act(Mlp actor, NDArray obs) {
        return actor.forward(obs).tanh();
    }

    /** Q(s, a) of a critic as a vector {@code [N]}, never {@code [N, 1]}. */
    public static NDArray qValue(Mlp critic, NDArray obs, NDArray act) {
        NDArray out = critic.forward(NDArrays.concat(new NDList(obs, act), 1));
        return out.reshape(out.getShape().get(0));
    }

    /**
     * The Bellman backup {@code r + gamma (1 - d) qNext} as a vector {@code [N]}. {@code qNext} may
     * be {@code [N]} or {@code [N, 1]}: it is flattened first, so an {@code [N, 1]} critic output
     * never broadcasts against {@code [N]} rewards into an {@code N x N} matrix (Spinning Up's
     * exercise 2.2).
     */
    public static NDArray backup(NDArray rew, NDArray done, NDArray qNext, double gamma) {
        NDArray flat = qNext.reshape(rew.getShape().get(0));
        return rew.add(done.neg().add(1f).mul(flat).mul((float) gamma));
    }

    /** {@code targ = polyak targ + (1 - polyak) main}, in place, for every parameter. */
    public static void polyakUpdate(Mlp main, Mlp targ, double polyak) {
        for (int i = 0; i < main.params.size(); i++) {
            NDArray t = targ.params.get(i).getArray();
            NDArray m = main.params.get(i).getArray();
            try (NDArray scaled = m.mul((float) (1 - polyak))) {
                t.muli((float) polyak).addi(scaled);
            }
        }
    }

    /** The number of parameters of pi and q, as Spinning Up's {@code count_vars} logs them. */
    long[] parameterCounts() {
        return new long[] {pi.size(), q.size()};
    }

    /** Saves the actor and critic ({@code pi.params}, {@code q.params}) into {@code dir}. */
    void save(Path dir) throws IOException {
        pi.save(dir.resolve("pi.params"));
        q.save(dir.resolve("q.params"));
    }

    @Override
    public void close() {
        for (Mlp m : List.of(pi, q, piTarg, qTarg)) {
            m.close();
        }
    }

    /**
     * An MLP on DJL (Spinning Up's {@code mlp}: Linear layers with the activation between them,
     * none after), initialised as PyTorch's {@code nn.Linear}, with a plain-Java copy for acting.
     */
    public static final class Mlp implements AutoCloseable {
        private final SequentialBlock block;
        private final ParameterStore store;
        private final List<Parameter> params = new ArrayList<>();
        private final AcKwargs kwargs;
        private final int inputs;

        /**
         * An MLP of {@code inputs -> hidden sizes -> outputs}.
         *
         * @param trainable whether its parameters get gradients (false for target networks)
         */
        public Mlp(
                NDManager manager,
                int inputs,
                int outputs,
                AcKwargs kwargs,
                Rng initRng,
                boolean trainable) {
            this.kwargs = kwargs;
            this.inputs = inputs;
            block = new SequentialBlock();
            for (int h : kwargs.hiddenSizes()) {
                block.add(Linear.builder().setUnits(h).build());
                block.add(kwargs.activationFn().block());
            }
            block.add(Linear.builder().setUnits(outputs).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
            for (Block b : block.getChildren().values()) {
                if (b instanceof Linear l) {
                    Parameter w = l.getParameters().get("weight");
                    Parameter bias = l.getParameters().get("bias");
                    double bound = 1.0 / Math.sqrt(w.getArray().getShape().get(1));
                    w.getArray().set(uniform(initRng, (int) w.getArray().size(), bound));
                    bias.getArray().set(uniform(initRng, (int) bias.getArray().size(), bound));
                    params.add(w);
                    params.add(bias);
                }
            }
            setTrainable(trainable);
            store = new ParameterStore(manager, false);
        }

        private static float[] uniform(Rng rng, int n, double bound) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            return out;
        }

        /** The output for a batch {@code [N, inputs]}: {@code [N, outputs]}. */
        public NDArray forward(NDArray x) {
            return block.forward(store, new NDList(x), true).singletonOrThrow();
        }

        /** The parameters (weight, bias per layer), in a fixed order. */
        public List<Parameter> parameters() {
            return List.copyOf(params);
        }

        /**
         * Whether gradients flow into the parameters: off for target networks, and for the critic
         * while the actor's loss is backpropagated through it (Spinning Up's freezing of Q).
         */
        public void setTrainable(boolean trainable) {
            for (Parameter p : params) {
                p.getArray().setRequiresGradient(trainable);
            }
        }

        /** Copies another MLP's weights (same shape) into this one. */
        public void copyFrom(Mlp other) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).getArray().set(other.params.get(i).getArray().toFloatArray());
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

        /** A plain-Java copy of the current weights, for acting one env step at a time. */
        public FastMlp toFast() {
            int layers = params.size() / 2;
            int[] sizes = new int[layers + 1];
            sizes[0] = inputs;
            List<float[]> weights = new ArrayList<>();
            List<float[]> biases = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                NDArray w = params.get(2 * l).getArray();
                sizes[l + 1] = (int) w.getShape().get(0);
                weights.add(w.toFloatArray());
                biases.add(params.get(2 * l + 1).getArray().toFloatArray());
            }
            return new FastMlp(sizes, weights, biases, kwargs.activationFn());
        }

        /** Saves the parameters in DJL's {@code saveParameters} format. */
        public void save(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                block.saveParameters(out);
            }
        }

        @Override
        public void close() {
            for (Parameter p : params) {
                p.close();
            }
        }
    }
}
