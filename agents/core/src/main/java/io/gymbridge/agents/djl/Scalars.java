package io.gymbridge.agents.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant in code that autograd records: {@code Scalars.mul(x, c)} where {@code
 * x.mul(c)} would be wrong on DJL's PyTorch engine; likewise {@code div}.
 *
 * <p>DJL-PyTorch's {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code minimum},
 * {@code maximum}) wraps the number in a tensor over a Java direct buffer ({@code
 * torch::from_blob}, no copy), runs the op, and closes the wrapper at once. Autograd keeps that
 * tensor for the backward pass (the gradient of {@code x * c} is {@code c}), but nobody owns its
 * memory any more: once a garbage collection frees the buffer, backward reads whatever malloc has
 * put there since. This made seeded SAC runs on PyTorch differ from run to run and once produced a
 * NaN action; ScalarsTest reproduces it (a gradient of 99.25 where 3.25 is right). On PyTorch the
 * constants made here are tensors the engine allocates itself, which autograd keeps alive for as
 * long as it needs them. MXNet passes a number to its operator as a parameter, so there the Number
 * forms are used unchanged (one engine call, not two).
 *
 * <p>{@code add} and {@code sub} with a Number are safe on both engines (their backward never reads
 * the number), so is {@code clip} (DJL-PyTorch leaves its bounds open on the array's manager until
 * that closes), and code outside a {@code GradientCollector} may use any Number form.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x * c}, safe under a {@code GradientCollector}. */
    public static NDArray mul(NDArray x, double c) {
        return keepsNumbers(x) ? x.mul((float) c) : x.mul(constant(x, c));
    }

    /** {@code x / c}, safe under a {@code GradientCollector}. */
    public static NDArray div(NDArray x, double c) {
        return keepsNumbers(x) ? x.div((float) c) : x.div(constant(x, c));
    }

    /** Whether x's engine keeps a Number it is given for as long as autograd needs it. */
    private static boolean keepsNumbers(NDArray x) {
        return !"PyTorch".equals(x.getManager().getEngine().getEngineName());
    }

    /** The constant {@code c} as a 0-d array of {@code like}'s type, allocated by the engine. */
    private static NDArray constant(NDArray like, double c) {
        return like.getManager().full(new Shape(), (float) c, like.getDataType());
    }
}
