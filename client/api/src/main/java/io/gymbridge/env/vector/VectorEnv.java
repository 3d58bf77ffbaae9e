package io.gymbridge.env.vector;

import io.gymbridge.env.EnvException;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.RobotEnv;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Space;
import java.util.List;
import java.util.Map;

/**
 * num_envs copies of one env stepped together with batched actions and observations, with the
 * semantics of {@code gymnasium.vector.VectorEnv} (1.1+).
 *
 * <p>Batched values follow {@link io.gymbridge.env.spaces.Spaces#batch}: for CartPole-v1 with 8
 * envs, observations are one float32 tensor [8, 4] and actions one int64 tensor [8]. Env i is
 * seeded with {@code seed + i}. What happens after an episode ends is set by {@link
 * #autoresetMode()}. Stepping before the first reset is FAILED_PRECONDITION.
 *
 * @param <O> the batched observation type
 * @param <A> the batched action type
 */
public interface VectorEnv<O, A> extends AutoCloseable {

    /** Number of envs. */
    int numEnvs();

    /** The autoreset mode. */
    AutoresetMode autoresetMode();

    /** The observation space of one env. */
    Space<?> singleObservationSpace();

    /** The action space of one env. */
    Space<?> singleActionSpace();

    /** The batched observation space. */
    Space<O> observationSpace();

    /** The batched action space. */
    Space<A> actionSpace();

    /** The spec of the envs. */
    EnvSpec spec();

    /** The metadata of the envs. */
    default Map<String, Object> metadata() {
        return Map.of();
    }

    /**
     * Resets the envs selected by {@code mask} (all if null).
     *
     * @param seed if not null, env i is reseeded with seed + i
     * @param options passed to each env's reset; never null
     * @param mask null, or num_envs flags selecting the envs to reset
     */
    VectorReset<O> reset(Long seed, Map<String, Object> options, boolean[] mask);

    /** Resets every env without reseeding. */
    default VectorReset<O> reset() {
        return reset(null, Map.of(), null);
    }

    /** Resets every env, env i with seed + i. */
    default VectorReset<O> reset(long seed) {
        return reset(seed, Map.of(), null);
    }

    /** Steps every env with its action from the batch. */
    VectorStep<O> step(A actions);

    /**
     * Starts a step of every env with its action from the batch, and returns without waiting for
     * the result, which {@link #stepWait()} returns: Gymnasium's {@code step_async}. Between the
     * two the caller can work (compute the actions of another group of envs) while these envs step
     * elsewhere. Envs in this process step here at once: they have no round trip to hide.
     *
     * @throws io.gymbridge.env.EnvException FAILED_PRECONDITION if a step is already waiting for
     *     {@link #stepWait()}, INVALID_ARGUMENT for actions outside the action space
     */
    void stepAsync(A actions);

    /**
     * The result of the step {@link #stepAsync} started, waiting for it: Gymnasium's {@code
     * step_wait}. Failures of the step surface here.
     *
     * @throws io.gymbridge.env.EnvException FAILED_PRECONDITION if no step was started
     */
    VectorStep<O> stepWait();

    /**
     * Calls the emergency-stop hook of every env that has one ({@link
     * io.gymbridge.env.EmergencyStoppable}); may be called from any thread, during a step. The
     * default does nothing.
     */
    default void emergencyStop(String reason) {}

    /**
     * The robot envs of this vector ({@link io.gymbridge.env.RobotEnv}, found on each env or under
     * its wrappers), in env order; empty if its envs are not robots. The server's watchdog and
     * env-paced ticking call their hooks. The default has none.
     */
    default List<RobotEnv<?>> robots() {
        return List.of();
    }

    /**
     * The batch of every env's safe action ({@link io.gymbridge.env.RobotEnv#safeAction()}), a
     * value of {@link #actionSpace()}.
     *
     * @throws io.gymbridge.env.EnvException FAILED_PRECONDITION if the envs are not robot envs
     */
    default A safeActions() {
        throw EnvException.failedPrecondition(
                "these envs are not robot envs (io.gymbridge.env.RobotEnv): they have no safe action");
    }

    /** Renders env {@code index} as an rgb_array frame (uint8 [H, W, 3]). */
    Tensor render(int index);

    /** Closes every env. Calling it again does nothing. */
    @Override
    void close();
}
