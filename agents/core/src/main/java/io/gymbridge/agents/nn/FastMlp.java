package io.gymbridge.agents.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * An MLP's forward pass in plain Java, for acting: the policy and value networks run once per env
 * step, where a DJL call costs more than the arithmetic (150-400 µs per batch-1 forward pass on
 * MXNet, 40-70 µs on PyTorch, against a few µs here). The weights are a copy, refreshed from the
 * DJL parameters after every update.
 *
 * <p>Layer l computes {@code y = act(W x + b)} (no activation after the last layer), as DJL's
 * {@code Linear}. The weights are kept transposed ({@code [in][out]}) so that the inner loop is an
 * axpy over the outputs, which the JIT vectorises.
 */
public final class FastMlp {
    private final int[] sizes;
    private final float[][] weightsT;
    private final float[][] biases;
    private final ActivationFn activation;
    private float[] scratchA = new float[0];
    private float[] scratchB = new float[0];

    /**
     * The acting copy of a DJL network: its current weights and biases, layer by layer, copied into
     * plain Java. Every acting copy is made here (on-policy and off-policy alike).
     *
     * @param inputs the network's input size
     * @param weights per layer, the weight {@code [out, in]}
     * @param biases per layer, the bias {@code [out]}
     */
    public static FastMlp of(
            int inputs, List<NDArray> weights, List<NDArray> biases, ActivationFn activation) {
        int[] sizes = new int[weights.size() + 1];
        sizes[0] = inputs;
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            sizes[l + 1] = (int) weights.get(l).getShape().get(0);
            w.add(weights.get(l).toFloatArray());
            b.add(biases.get(l).toFloatArray());
        }
        return new FastMlp(sizes, w, b, activation);
    }

    /**
     * An MLP of the given layer sizes ({@code [in, hidden..., out]}).
     *
     * @param weights per layer, the weight in DJL's layout {@code [out][in]}, row-major
     * @param biases per layer, {@code [out]}
     */
    public FastMlp(
            int[] sizes, List<float[]> weights, List<float[]> biases, ActivationFn activation) {
        int layers = sizes.length - 1;
        if (weights.size() != layers || biases.size() != layers) {
            throw new IllegalArgumentException(
                    layers + " layers need " + layers + " weights and biases");
        }
        this.sizes = sizes.clone();
        this.activation = activation;
        this.weightsT = new float[layers][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = weights.get(l);
            if (w.length != in * out || biases.get(l).length != out) {
                throw new IllegalArgumentException("layer " + l + " needs " + out + "x" + in);
            }
            float[] t = new float[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            weightsT[l] = t;
            this.biases[l] = biases.get(l).clone();
        }
    }

    /** Size of the input. */
    public int inputSize() {
        return sizes[0];
    }

    /** Size of the output. */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The activation of the hidden layers. */
    public ActivationFn activation() {
        return activation;
    }

    /** Layer l's weight in DJL's layout {@code [out][in]}, row-major (a copy). */
    public float[] weight(int l) {
        int in = sizes[l];
        int out = sizes[l + 1];
        float[] w = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = weightsT[l][i * out + o];
            }
        }
        return w;
    }

    /** Layer l's bias (a copy). */
    public float[] bias(int l) {
        return biases[l].clone();
    }

    /**
     * The outputs for a batch of inputs: rows {@code [batch][inputSize]} of {@code x} from {@code
     * xOffset} give rows {@code [batch][outputSize]} of {@code out} from {@code outOffset}. Not
     * thread-safe (it reuses scratch buffers).
     */
    public void forward(float[] x, int xOffset, int batch, float[] out, int outOffset) {
        int widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s);
        }
        if (scratchA.length < widest) {
            scratchA = new float[widest];
            scratchB = new float[widest];
        }
        int layers = weightsT.length;
        for (int row = 0; row < batch; row++) {
            float[] in = scratchA;
            System.arraycopy(x, xOffset + row * sizes[0], in, 0, sizes[0]);
            float[] next = scratchB;
            for (int l = 0; l < layers; l++) {
                int nIn = sizes[l];
                int nOut = sizes[l + 1];
                float[] w = weightsT[l];
                System.arraycopy(biases[l], 0, next, 0, nOut);
                for (int i = 0; i < nIn; i++) {
                    float xi = in[i];
                    if (xi == 0f) {
                        continue;
                    }
                    int base = i * nOut;
                    for (int o = 0; o < nOut; o++) {
                        next[o] += xi * w[base + o];
                    }
                }
                if (l < layers - 1) {
                    for (int o = 0; o < nOut; o++) {
                        next[o] = activation.apply(next[o]);
                    }
                }
                float[] t = in;
                in = next;
                next = t;
            }
            System.arraycopy(in, 0, out, outOffset + row * outputSize(), outputSize());
        }
    }
}
