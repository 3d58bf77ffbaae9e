package io.gymbridge.env.spaces;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The set of valid observations or actions of an environment, as Gymnasium's spaces define it.
 *
 * <p>Spaces are small immutable values. Each kind has one Java value type:
 *
 * <table>
 *   <caption>Space kinds and their values</caption>
 *   <tr><th>space</th><th>value</th></tr>
 *   <tr><td>{@link Box}</td><td>{@link io.gymbridge.env.Tensor} of the box's dtype and shape</td></tr>
 *   <tr><td>{@link Discrete}</td><td>{@link Integer}</td></tr>
 *   <tr><td>{@link MultiDiscrete}</td><td>int64 {@link io.gymbridge.env.Tensor}</td></tr>
 *   <tr><td>{@link MultiBinary}</td><td>int8 {@link io.gymbridge.env.Tensor} of 0s and 1s</td></tr>
 *   <tr><td>{@link DictSpace}</td><td>{@code Map<String, Object>} with the space's keys</td></tr>
 *   <tr><td>{@link TupleSpace}</td><td>{@code List<Object>}, one element per subspace</td></tr>
 *   <tr><td>{@link Text}</td><td>{@link String}</td></tr>
 * </table>
 *
 * @param <T> the Java type of the space's values
 */
public interface Space<T> {

    /**
     * Why {@code value} is not an element of this space, or empty if it is. Messages name the space
     * and, for tensors, the offending index, e.g. {@code "element [2] = 7 is outside
     * MultiDiscrete([3 3 3])"}.
     */
    Optional<String> mismatch(Object value);

    /**
     * Like {@link #mismatch} but for actions: the type, shape and dtype must match, values must be
     * finite and integer spaces in range, but Box elements outside [low, high] are accepted,
     * because Gymnasium's envs clip them themselves.
     */
    default Optional<String> actionMismatch(Object value) {
        return mismatch(value);
    }

    /** True if {@code value} is an element of this space. */
    default boolean contains(Object value) {
        return mismatch(value).isEmpty();
    }

    /**
     * Returns {@code value} as this space's value type.
     *
     * @throws IllegalArgumentException naming the space and what is wrong, if it is not an element
     */
    default T validate(Object value) {
        Optional<String> why = mismatch(value);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
        return cast(value);
    }

    /** Returns {@code value} as this space's value type without checking bounds. */
    T cast(Object value);

    /** A uniformly random element (for unbounded Box elements, Gymnasium's distributions). */
    T sample(RandomGenerator rng);

    /** The shape of the values, or null for spaces without one (Dict, Tuple, Text). */
    int[] shape();
}
