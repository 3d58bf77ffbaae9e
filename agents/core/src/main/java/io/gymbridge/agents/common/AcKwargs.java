package io.gymbridge.agents.common;

import java.util.List;

/**
 * Spinning Up's {@code ac_kwargs}: the shape of the MLP actor-critic.
 *
 * @param hiddenSizes the widths of the hidden layers of both the policy and the value network, e.g.
 *     {@code [64, 64]}; Spinning Up's {@code hidden_sizes}
 * @param activation the activation after each hidden layer: {@code tanh} (the default), {@code
 *     relu}, {@code elu}, {@code sigmoid}, {@code softplus} or {@code identity}; PyTorch's names
 *     such as {@code torch.nn.ReLU} work too
 */
public record AcKwargs(List<Integer> hiddenSizes, String activation) {

    /** Spinning Up's defaults for on-policy algorithms: two layers of 64 and tanh. */
    public static final AcKwargs DEFAULT = new AcKwargs(List.of(64, 64), "tanh");

    /** Validates the sizes and the activation name. */
    public AcKwargs {
        if (hiddenSizes == null) {
            throw new IllegalArgumentException("ac_kwargs.hidden_sizes must not be null");
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int i = 0; i < hiddenSizes.size(); i++) {
            if (hiddenSizes.get(i) < 1) {
                throw new IllegalArgumentException(
                        "ac_kwargs.hidden_sizes["
                                + i
                                + "] must be >= 1, got "
                                + hiddenSizes.get(i));
            }
        }
        ActivationFn.parse(activation == null ? "" : activation);
    }

    /** The activation as a function. */
    public ActivationFn activationFn() {
        return ActivationFn.parse(activation);
    }
}
