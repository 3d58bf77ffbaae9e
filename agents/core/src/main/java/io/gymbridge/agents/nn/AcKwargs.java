package io.gymbridge.agents.nn;

import io.gymbridge.agents.config.Hp;
import io.gymbridge.agents.config.Hyperparameters;
import java.util.List;

/**
 * Spinning Up's {@code ac_kwargs}: the shape of the MLP actor-critic. The defaults are Spinning
 * Up's for the on-policy algorithms; the off-policy ones change them to [256, 256] and relu.
 */
public record AcKwargs(
        @Hp(
                        value = "[64, 64]",
                        doc = "widths of the hidden layers of the policy and value networks")
                List<Integer> hiddenSizes,
        @Hp(
                        value = "tanh",
                        doc =
                                "activation after each hidden layer: tanh, relu, elu, sigmoid,"
                                        + " softplus or identity (or PyTorch's names, torch.nn.ReLU)")
                String activation) {

    /** Spinning Up's defaults for on-policy algorithms: two layers of 64 and tanh. */
    public static final AcKwargs DEFAULT = Hyperparameters.defaults(AcKwargs.class);

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
