package io.gymbridge.env.spaces;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A tuple of subspaces, as {@code gymnasium.spaces.Tuple}. Values are {@code List<Object>} with one
 * element per subspace.
 *
 * @param spaces the subspaces, in order
 */
public record TupleSpace(List<Space<?>> spaces) implements Space<List<Object>> {

    /** Copies the list. */
    public TupleSpace {
        spaces = List.copyOf(spaces);
    }

    @Override
    public Optional<String> mismatch(Object value) {
        return check(value, false);
    }

    @Override
    public Optional<String> actionMismatch(Object value) {
        return check(value, true);
    }

    private Optional<String> check(Object value, boolean asAction) {
        if (!(value instanceof List<?> list)) {
            return Optional.of("expected a list in " + this + ", got " + Spaces.describe(value));
        }
        if (list.size() != spaces.size()) {
            return Optional.of(
                    "expected " + spaces.size() + " elements in " + this + ", got " + list.size());
        }
        for (int i = 0; i < spaces.size(); i++) {
            Optional<String> why =
                    asAction
                            ? spaces.get(i).actionMismatch(list.get(i))
                            : spaces.get(i).mismatch(list.get(i));
            if (why.isPresent()) {
                return Optional.of("[" + i + "]: " + why.get());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Object> cast(Object value) {
        List<?> list = (List<?>) value;
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < spaces.size(); i++) {
            out.add(spaces.get(i).cast(list.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public List<Object> sample(RandomGenerator rng) {
        List<Object> out = new ArrayList<>(spaces.size());
        for (Space<?> s : spaces) {
            out.add(s.sample(rng));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public int[] shape() {
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tuple(");
        for (int i = 0; i < spaces.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(spaces.get(i));
        }
        return sb.append(')').toString();
    }
}
