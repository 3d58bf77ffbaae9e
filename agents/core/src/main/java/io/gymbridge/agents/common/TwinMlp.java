package io.gymbridge.agents.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two MLPs of the same shape run as one: TD3's and SAC's twin critics Q1 and Q2 in a single pass.
 * Layer l holds both networks' weights as {@code [2, in, out]} and biases as {@code [2, 1, out]}; a
 * batch {@code [N, in]} goes through both with one batched matrix product, one bias add and one
 * activation per layer, giving {@code [2, N, outputs]}. The arithmetic is that of two separate
 * {@link Mlp}s (and the weights start as theirs would, drawn from the same {@link Rng} in the same
 * order), with half the engine calls for the forward pass, the optimizer and the target update:
 * each call costs 10-60 us of overhead here.
 */
public final class TwinMlp extends Network {
    private final ActivationFn activation;
    private final int inputs;
    private final int outputs;

    /**
     * Twin MLPs of {@code inputs -> hidden sizes -> outputs}.
     *
     * @param trainable whether its parameters get gradients (false for target networks)
     */
    public TwinMlp(
            NDManager manager,
            int inputs,
            int outputs,
            AcKwargs kwargs,
            Rng initRng,
            boolean trainable) {
        this.activation = kwargs.activationFn();
        this.inputs = inputs;
        this.outputs = outputs;
        int[] sizes = sizes(inputs, kwargs.hiddenSizes(), outputs);
        int layers = sizes.length - 1;
        // As two Mlps would draw them: all of the first network's layers, then the second's; each
        // weight [out, in] row-major, then its bias.
        float[][][] w = new float[2][layers][];
        float[][][] b = new float[2][layers][];
        for (int k = 0; k < 2; k++) {
            for (int l = 0; l < layers; l++) {
                double bound = 1.0 / Math.sqrt(sizes[l]);
                w[k][l] = uniform(initRng, sizes[l] * sizes[l + 1], bound);
                b[k][l] = uniform(initRng, sizes[l + 1], bound);
            }
        }
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] stacked = new float[2 * in * out];
            float[] biases = new float[2 * out];
            for (int k = 0; k < 2; k++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        stacked[k * in * out + i * out + o] = w[k][l][o * in + i];
                    }
                }
                System.arraycopy(b[k][l], 0, biases, k * out, out);
            }
            params.add(parameter(manager, "weight" + l, stacked, new Shape(2, in, out)));
            params.add(parameter(manager, "bias" + l, biases, new Shape(2, 1, out)));
        }
        setTrainable(trainable);
    }

    private static int[] sizes(int inputs, List<Integer> hidden, int outputs) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = outputs;
        return sizes;
    }

    private static Parameter parameter(NDManager m, String name, float[] values, Shape shape) {
        return Parameter.builder()
                .setName(name)
                .setType(name.startsWith("w") ? Parameter.Type.WEIGHT : Parameter.Type.BIAS)
                .optArray(m.create(values, shape))
                .build();
    }

    /** Both networks' outputs for a batch {@code [N, inputs]}: {@code [2, N, outputs]}. */
    public NDArray forward(NDArray x) {
        // numpy's matmul: [N, in] x [2, in, out] broadcasts to [2, N, out], then [2, N, .] x
        // [2, ., out] multiplies the stacks pairwise
        NDArray h = x;
        int layers = params.size() / 2;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(params.get(2 * l).getArray()).add(params.get(2 * l + 1).getArray());
            if (l < layers - 1) {
                h = activation.apply(h);
            }
        }
        return h;
    }

    /** The number of outputs of each network. */
    public int outputs() {
        return outputs;
    }

    /** Saves the parameters (DJL's {@code NDList} encoding). */
    public void save(Path file) throws IOException {
        NDList list = new NDList();
        for (Parameter p : params) {
            list.add(p.getArray());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            list.encode(out);
        }
    }

    /**
     * Loads parameters saved by {@link #save} into this network's arrays (so optimizers built on
     * them stay valid).
     *
     * @throws IllegalArgumentException if the file holds another network's parameters
     */
    public void load(Path file) throws IOException {
        NDManager manager = params.get(0).getArray().getManager();
        try (InputStream in = Files.newInputStream(file);
                NDManager tmp = manager.newSubManager()) {
            NDList list = NDList.decode(tmp, in);
            if (list.size() != params.size()) {
                throw new IllegalArgumentException(
                        file + " does not fit this network: were ac_kwargs changed?");
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray dst = params.get(i).getArray();
                if (!list.get(i).getShape().equals(dst.getShape())) {
                    throw new IllegalArgumentException(
                            file + " does not fit this network: were ac_kwargs changed?");
                }
                dst.set(list.get(i).toFloatArray());
            }
        }
    }
}
