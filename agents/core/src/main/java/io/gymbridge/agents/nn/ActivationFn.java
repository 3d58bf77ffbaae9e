package io.gymbridge.agents.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Arrays;
import java.util.Locale;

/**
 * The hidden-layer activations of the MLPs, each three ways: as a DJL block (training), on a Java
 * float (the fast acting path) and as its derivative (the Jacobian-vector products of TRPO).
 */
public enum ActivationFn {
    /** Hyperbolic tangent, Spinning Up's default for on-policy algorithms. */
    TANH,
    /** max(0, x). */
    RELU,
    /** x for x > 0, exp(x) - 1 otherwise. */
    ELU,
    /** 1 / (1 + exp(-x)). */
    SIGMOID,
    /** log(1 + exp(x)). */
    SOFTPLUS,
    /** x. */
    IDENTITY;

    /**
     * The activation called {@code name}: {@code tanh}, {@code relu}, ..., in any case, with or
     * without PyTorch's {@code torch.nn.} or {@code nn.} prefix.
     *
     * @throws IllegalArgumentException naming the choices, for an unknown name
     */
    public static ActivationFn parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"torch.nn.", "nn.", "tf.nn."}) {
            if (key.startsWith(prefix)) {
                key = key.substring(prefix.length());
            }
        }
        for (ActivationFn f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "ac_kwargs.activation '"
                        + name
                        + "' is not one of "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }

    /** The activation as a DJL block. */
    public Block block() {
        return new LambdaBlock(list -> new ai.djl.ndarray.NDList(apply(list.singletonOrThrow())));
    }

    /** The activation of an NDArray, with DJL's fused operators where there are some. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case TANH -> Activation.tanh(x);
            case RELU -> Activation.relu(x);
            case ELU -> Activation.elu(x, 1f);
            case SIGMOID -> Activation.sigmoid(x);
            case SOFTPLUS -> Activation.softPlus(x);
            case IDENTITY -> x;
        };
    }

    /** The derivative at pre-activation {@code z}, given the activation {@code y} of z. */
    public NDArray derivative(NDArray z, NDArray y) {
        return switch (this) {
            case TANH -> y.square().neg().add(1f);
            case RELU -> z.gt(0f).toType(z.getDataType(), false);
            case ELU -> {
                NDArray positive = z.gt(0f).toType(z.getDataType(), false);
                yield positive.add(positive.neg().add(1f).mul(y.add(1f)));
            }
            case SIGMOID -> y.mul(y.neg().add(1f));
            case SOFTPLUS -> Activation.sigmoid(z);
            case IDENTITY -> z.onesLike();
        };
    }

    /** The activation of one float, for the fast path; within a few ulps of the NDArray one. */
    public float apply(float x) {
        return switch (this) {
            case TANH -> tanh(x);
            case RELU -> x > 0f ? x : 0f;
            case ELU -> x > 0f ? x : (float) Math.expm1(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case SOFTPLUS -> (float) (x > 20f ? x : Math.log1p(Math.exp(x)));
            case IDENTITY -> x;
        };
    }

    /**
     * tanh through one exp (an intrinsic), several times faster than Math.tanh; in double, the
     * cancellation near 0 costs nothing visible in float.
     */
    private static float tanh(float x) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }
}
