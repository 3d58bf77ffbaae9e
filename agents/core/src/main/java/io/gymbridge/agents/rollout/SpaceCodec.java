package io.gymbridge.agents.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.spaces.MultiBinary;
import io.gymbridge.env.spaces.Space;
import java.util.Arrays;

/**
 * How the networks see an env's spaces: observations as flat float vectors, actions as the output
 * of a categorical or diagonal Gaussian policy, turned back into the env's values.
 *
 * <p>Observations: a Box of any dtype and shape is flattened (row-major) and cast to float, a
 * Discrete is one-hot encoded, a MultiBinary is its 0/1 values. Actions: a Discrete gets a
 * categorical policy, a 1-D float Box a diagonal Gaussian one (sampled actions are not clipped: the
 * env clips them, as Gymnasium's do). Anything else is an {@link IllegalArgumentException} naming
 * the algorithm and the space.
 */
public final class SpaceCodec {
    private SpaceCodec() {}

    /** How observations become network inputs. */
    public sealed interface Obs permits BoxObs, DiscreteObs {
        /** Length of the encoded vector. */
        int size();

        /** Encodes one observation into {@code out[offset, offset + size())}. */
        void encode(Object observation, float[] out, int offset);

        /** Encodes a vector env's batched observations (n rows) into {@code out}. */
        void encodeBatch(Object observations, int n, float[] out);

        /** A JSON description, for checkpoints and policy exports. */
        ObjectNode toJson();
    }

    /**
     * A Box (or MultiBinary) observation, flattened to {@code size} floats.
     *
     * @param size the number of elements
     */
    public record BoxObs(int size) implements Obs {
        @Override
        public void encode(Object observation, float[] out, int offset) {
            Tensor t = (Tensor) observation;
            if (t.dtype() == DType.FLOAT32) {
                float[] values = t.toFloatArray();
                System.arraycopy(values, 0, out, offset, size);
            } else {
                for (int i = 0; i < size; i++) {
                    out[offset + i] = t.getFloat(i);
                }
            }
        }

        @Override
        public void encodeBatch(Object observations, int n, float[] out) {
            Tensor t = (Tensor) observations;
            if (t.dtype() == DType.FLOAT32) {
                System.arraycopy(t.toFloatArray(), 0, out, 0, n * size);
            } else {
                for (int i = 0; i < n * size; i++) {
                    out[i] = t.getFloat(i);
                }
            }
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("kind", "box").put("size", size);
        }
    }

    /**
     * A Discrete observation, one-hot encoded.
     *
     * @param n the number of values
     * @param start the smallest value
     */
    public record DiscreteObs(int n, int start) implements Obs {
        @Override
        public int size() {
            return n;
        }

        @Override
        public void encode(Object observation, float[] out, int offset) {
            Arrays.fill(out, offset, offset + n, 0f);
            out[offset + ((Number) observation).intValue() - start] = 1f;
        }

        @Override
        public void encodeBatch(Object observations, int n, float[] out) {
            Tensor t = (Tensor) observations;
            Arrays.fill(out, 0, n * this.n, 0f);
            for (int i = 0; i < n; i++) {
                out[i * this.n + (int) t.getLong(i) - start] = 1f;
            }
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("kind", "discrete")
                    .put("n", n)
                    .put("start", start);
        }
    }

    /** How a policy's actions become the env's action values. */
    public sealed interface Act permits DiscreteAct, BoxAct {
        /** Width of the policy network's output: logits, or means. */
        int outputSize();

        /** Floats per stored action: 1 (the index) for Discrete, d for a Box. */
        int storedSize();

        /** The env action for the stored action at {@code a[offset...]}. */
        Object single(float[] a, int offset);

        /** A vector env's batched action for n stored actions. */
        Object batch(float[] a, int n);

        /** A JSON description, for checkpoints and policy exports. */
        ObjectNode toJson();
    }

    /**
     * Discrete actions: index i of the categorical is the env action start + i.
     *
     * @param n the number of actions
     * @param start the smallest action
     */
    public record DiscreteAct(int n, int start) implements Act {
        @Override
        public int outputSize() {
            return n;
        }

        @Override
        public int storedSize() {
            return 1;
        }

        @Override
        public Object single(float[] a, int offset) {
            return start + (int) a[offset];
        }

        @Override
        public Object batch(float[] a, int count) {
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = start + (long) a[i];
            }
            return Tensor.wrap(DType.INT64, new int[] {count}, out);
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("kind", "discrete")
                    .put("n", n)
                    .put("start", start);
        }
    }

    /**
     * 1-D Box actions of a floating dtype.
     *
     * @param size the number of action dimensions
     * @param dtype the Box's dtype (float32 or float64)
     */
    public record BoxAct(int size, DType dtype) implements Act {
        @Override
        public int outputSize() {
            return size;
        }

        @Override
        public int storedSize() {
            return size;
        }

        @Override
        public Object single(float[] a, int offset) {
            return tensor(Arrays.copyOfRange(a, offset, offset + size), new int[] {size});
        }

        @Override
        public Object batch(float[] a, int n) {
            return tensor(Arrays.copyOf(a, n * size), new int[] {n, size});
        }

        private Tensor tensor(float[] values, int[] shape) {
            if (dtype == DType.FLOAT32) {
                return Tensor.wrap(DType.FLOAT32, shape, values);
            }
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            return Tensor.wrap(DType.FLOAT64, shape, d);
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("kind", "box")
                    .put("size", size)
                    .put("dtype", dtype.numpyName());
        }
    }

    /**
     * The encoding of an observation space.
     *
     * @param algo the algorithm's name, for the error message
     * @throws IllegalArgumentException if the algorithm cannot handle the space
     */
    public static Obs observation(Space<?> space, String algo) {
        if (space instanceof Box b) {
            return new BoxObs(b.size());
        } else if (space instanceof MultiBinary m) {
            return new BoxObs(Arrays.stream(m.shape()).reduce(1, (x, y) -> x * y));
        } else if (space instanceof Discrete d) {
            return new DiscreteObs(d.n(), d.start());
        }
        throw new IllegalArgumentException(
                algo
                        + " cannot handle observation space "
                        + space
                        + ": it needs a Box, Discrete or MultiBinary");
    }

    /**
     * The encoding of an action space.
     *
     * @param algo the algorithm's name, for the error message
     * @throws IllegalArgumentException if the algorithm cannot handle the space
     */
    public static Act action(Space<?> space, String algo) {
        if (space instanceof Discrete d) {
            return new DiscreteAct(d.n(), d.start());
        } else if (space instanceof Box b && b.shape().length == 1 && b.dtype().isFloating()) {
            return new BoxAct(b.size(), b.dtype());
        }
        throw new IllegalArgumentException(
                algo
                        + " cannot handle action space "
                        + space
                        + ": it needs Discrete or a 1-D Box"
                        + (space instanceof Box b && !b.dtype().isFloating() ? " of floats" : ""));
    }

    /** The observation encoding described by {@link Obs#toJson()}. */
    public static Obs observationFromJson(JsonNode json) {
        return switch (json.get("kind").asText()) {
            case "box" -> new BoxObs(json.get("size").asInt());
            case "discrete" -> new DiscreteObs(json.get("n").asInt(), json.get("start").asInt());
            default -> throw new IllegalArgumentException("unknown observation encoding " + json);
        };
    }

    /** The action encoding described by {@link Act#toJson()}. */
    public static Act actionFromJson(JsonNode json) {
        return switch (json.get("kind").asText()) {
            case "box" ->
                    new BoxAct(
                            json.get("size").asInt(),
                            DType.valueOf(
                                    json.get("dtype").asText().toUpperCase(java.util.Locale.ROOT)));
            case "discrete" -> new DiscreteAct(json.get("n").asInt(), json.get("start").asInt());
            default -> throw new IllegalArgumentException("unknown action encoding " + json);
        };
    }
}
