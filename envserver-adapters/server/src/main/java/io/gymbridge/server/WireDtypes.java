package io.gymbridge.server;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.DictSpace;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.MultiDiscrete;
import io.gymbridge.env.spaces.Space;
import io.gymbridge.env.spaces.TupleSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol's dtype rule for actions (docs/protocol.md, section 6): every tensor of a Step's
 * actions has exactly the dtype of its batched space. The Java spaces accept any integer dtype for
 * MultiDiscrete and MultiBinary values and cast them, as Gymnasium's do; on the wire the dtype is
 * exact, so that every server reads the same bytes the same way (a uint64 of 2^64 - 1 is not -1).
 * Box values need their box's dtype in the Java spaces already.
 */
final class WireDtypes {
    private WireDtypes() {}

    /**
     * Why the decoded {@code value} of the batched space {@code space} has a tensor of another
     * dtype than the space's, or empty if it has none.
     */
    static Optional<String> mismatch(Space<?> space, Object value) {
        if (space instanceof MultiDiscrete m) {
            return exact(DType.INT64, m.shape(), m, value);
        } else if (space instanceof MultiBinary m) {
            return exact(DType.INT8, m.shape(), m, value);
        } else if (space instanceof DictSpace d && value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Space<?>> e : d.spaces().entrySet()) {
                Optional<String> why = mismatch(e.getValue(), map.get(e.getKey()));
                if (why.isPresent()) {
                    return why;
                }
            }
        } else if (space instanceof TupleSpace t && value instanceof List<?> list) {
            for (int i = 0; i < t.spaces().size() && i < list.size(); i++) {
                Optional<String> why = mismatch(t.spaces().get(i), list.get(i));
                if (why.isPresent()) {
                    return why;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> exact(DType dtype, int[] shape, Space<?> space, Object value) {
        if (value instanceof Tensor t && t.dtype() != dtype) {
            return Optional.of(
                    "expected "
                            + dtype.numpyName()
                            + Arrays.toString(shape)
                            + " in "
                            + space
                            + ", got "
                            + t.describe());
        }
        return Optional.empty();
    }
}
