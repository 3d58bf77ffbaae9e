package io.gymbridge.env;

import io.gymbridge.env.spaces.Space;
import java.util.Map;

/**
 * A reinforcement-learning environment with Gymnasium 1.x semantics, wherever it runs: in this
 * process, in a Java server or in a Python server. Nothing here names a transport.
 *
 * <p>Use it as Gymnasium's {@code Env}:
 *
 * <pre>{@code
 * try (Env<Tensor, Integer> env = Envs.make("CartPole-v1")) {
 *     Reset<Tensor> r = env.reset(42);
 *     Step<Tensor> s;
 *     do {
 *         s = env.step(env.actionSpace().sample(rng));
 *     } while (!s.done());
 * }
 * }</pre>
 *
 * <p>Contract: {@link #step} before the first {@link #reset} fails with {@code
 * FAILED_PRECONDITION}; an action outside the action space (wrong type, shape or dtype, a Discrete
 * value out of range, NaN or inf) fails with {@code INVALID_ARGUMENT}, but Box actions outside the
 * bounds are clipped by the env; {@link #close} may be called any number of times. Every failure is
 * an {@link EnvException}.
 *
 * @param <O> the observation type (see {@link Space} for the value type of each space)
 * @param <A> the action type
 */
public interface Env<O, A> extends AutoCloseable {

    /** The space of observations. */
    Space<O> observationSpace();

    /** The space of actions. */
    Space<A> actionSpace();

    /** The env's registration data; for an unregistered env, a spec with just its name. */
    EnvSpec spec();

    /** The env's metadata, e.g. {@code render_modes} and {@code render_fps}. */
    default Map<String, Object> metadata() {
        return Map.of();
    }

    /**
     * Starts an episode.
     *
     * @param seed if not null, reseeds the env's random generator, so the same seed gives the same
     *     initial state; if null, the generator goes on (and is seeded from entropy on the first
     *     reset)
     * @param options env-specific options (for classic control, {@code low} and {@code high} bounds
     *     of the initial state); never null
     */
    Reset<O> reset(Long seed, Map<String, Object> options);

    /** Starts an episode without reseeding. */
    default Reset<O> reset() {
        return reset(null, Map.of());
    }

    /** Starts an episode with a seed. */
    default Reset<O> reset(long seed) {
        return reset(seed, Map.of());
    }

    /** Applies one action. */
    Step<O> step(A action);

    /**
     * Renders the current state as an rgb_array frame: a uint8 tensor [height, width, 3].
     *
     * @throws EnvException FAILED_PRECONDITION if the env was not made with render_mode
     *     "rgb_array", UNIMPLEMENTED if it cannot render
     */
    default Tensor render() {
        throw new EnvException(EnvException.Code.UNIMPLEMENTED, spec().id() + " cannot render");
    }

    /** Frees the env's resources. Calling it again does nothing. */
    @Override
    void close();

    /** The innermost env below any wrappers. */
    default Env<?, ?> unwrapped() {
        return this;
    }
}
