package io.gymbridge.agents.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.gymbridge.agents.djl.HostArrays;
import io.gymbridge.agents.seeding.Rng;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MLP on DJL, Spinning Up's {@code mlp}: Linear layers with the activation between them, none
 * after; initialised as PyTorch's {@code nn.Linear}, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), from a
 * seeded {@link Rng}; with a plain-Java copy ({@link #toFast}) for acting. The off-policy
 * algorithms' actors, critics and their target copies.
 */
public final class Mlp implements AutoCloseable {
    private final SequentialBlock block;
    private final ParameterStore store;
    private final List<Parameter> params = new ArrayList<>();
    private final AcKwargs kwargs;
    private final int inputs;
    private final int outputs;
    private final NDManager manager;

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
        this.manager = manager;
        this.kwargs = kwargs;
        this.inputs = inputs;
        this.outputs = outputs;
        block = build(kwargs, outputs);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        for (Block b : block.getChildren().values()) {
            if (b instanceof Linear l) {
                Parameter w = l.getParameters().get("weight");
                Parameter bias = l.getParameters().get("bias");
                double bound = 1.0 / Math.sqrt(w.getArray().getShape().get(1));
                HostArrays.set(w.getArray(), uniform(initRng, (int) w.getArray().size(), bound));
                HostArrays.set(
                        bias.getArray(), uniform(initRng, (int) bias.getArray().size(), bound));
                params.add(w);
                params.add(bias);
            }
        }
        setTrainable(trainable);
        store = new ParameterStore(manager, false);
    }

    private static SequentialBlock build(AcKwargs kwargs, int outputs) {
        SequentialBlock block = new SequentialBlock();
        for (int h : kwargs.hiddenSizes()) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(kwargs.activationFn().block());
        }
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
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
     * Whether gradients flow into the parameters: off for target networks, and for a critic while
     * the actor's loss is backpropagated through it (Spinning Up's freezing of Q).
     */
    public void setTrainable(boolean trainable) {
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(trainable);
        }
    }

    /** Copies another MLP's weights (same shape) into this one. */
    public void copyFrom(Mlp other) {
        for (int i = 0; i < params.size(); i++) {
            HostArrays.set(params.get(i).getArray(), other.params.get(i).getArray().toFloatArray());
        }
    }

    /**
     * {@code this = polyak this + (1 - polyak) main}, in place, for every parameter: a target
     * network following its main network slowly.
     *
     * <p>One fused engine call per parameter instead of three element-wise ops (each DJL op costs
     * 10-60 us of overhead here, and SAC does this for 12 arrays per update): the engines' SGD
     * kernel computes {@code w - lr (rescale g + wd w)}, which with {@code w = this}, {@code g =
     * main}, {@code lr = 1}, {@code rescale = -(1 - polyak)} and {@code wd = 1 - polyak} is exactly
     * the polyak average. Neither engine changes {@code g}.
     */
    public void polyakTowards(Mlp main, double polyak) {
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

    /** A plain-Java copy of the current weights, for acting one env step at a time. */
    public FastMlp toFast() {
        List<NDArray> weights = new ArrayList<>();
        List<NDArray> biases = new ArrayList<>();
        for (int l = 0; l < params.size() / 2; l++) {
            weights.add(params.get(2 * l).getArray());
            biases.add(params.get(2 * l + 1).getArray());
        }
        return FastMlp.of(inputs, weights, biases, kwargs.activationFn());
    }

    /** The parameters of several networks, in order: what one optimizer steps for all of them. */
    public static List<Parameter> parameters(Mlp... networks) {
        List<Parameter> out = new ArrayList<>();
        for (Mlp m : networks) {
            out.addAll(m.params);
        }
        return out;
    }

    /** Saves the parameters in DJL's {@code saveParameters} format. */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            block.saveParameters(out);
        }
    }

    /**
     * Loads parameters saved by {@link #save} into this MLP's arrays (so optimizers built on them
     * stay valid), keeping whether they are trainable.
     *
     * @throws IllegalArgumentException if the file holds another network's parameters
     */
    public void load(Path file) throws IOException {
        SequentialBlock loaded = build(kwargs, outputs);
        try (NDManager tmp = manager.newSubManager();
                DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            loaded.initialize(tmp, DataType.FLOAT32, new Shape(1, inputs));
            loaded.loadParameters(tmp, in);
            int i = 0;
            for (Block b : loaded.getChildren().values()) {
                if (b instanceof Linear l) {
                    for (String name : List.of("weight", "bias")) {
                        NDArray src = l.getParameters().get(name).getArray();
                        NDArray dst = params.get(i++).getArray();
                        if (!src.getShape().equals(dst.getShape())) {
                            throw new IllegalArgumentException(
                                    file + " does not fit this network: were ac_kwargs changed?");
                        }
                        HostArrays.set(dst, src.toFloatArray());
                    }
                }
            }
        } catch (MalformedModelException | IllegalStateException e) {
            throw new IllegalArgumentException(
                    file
                            + " does not fit this network (were ac_kwargs changed?): "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        for (Parameter p : params) {
            p.close();
        }
    }
}
