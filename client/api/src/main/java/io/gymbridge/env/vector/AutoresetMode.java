package io.gymbridge.env.vector;

import io.gymbridge.env.EnvException;
import java.util.Locale;

/**
 * How a vector env treats an env whose episode ended, as {@code gymnasium.vector.AutoresetMode}.
 */
public enum AutoresetMode {
    /**
     * Gymnasium's default: the step after an episode ends resets that env. Its action is ignored,
     * its reward is 0, terminated and truncated are false and the observation is the reset one.
     */
    NEXT_STEP,
    /**
     * The step that ends an episode resets the env at once and returns the reset observation; the
     * env's info carries {@code final_obs} and {@code final_info} of the ended episode.
     */
    SAME_STEP,
    /**
     * No automatic reset: reset ended envs with a mask; stepping them first is FAILED_PRECONDITION.
     */
    DISABLED;

    /**
     * Parses {@code next_step}, {@code same_step} or {@code disabled}, in any case.
     *
     * @throws EnvException INVALID_ARGUMENT for anything else
     */
    public static AutoresetMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw EnvException.invalidArgument(
                    "autoreset_mode must be next_step, same_step or disabled, got '" + text + "'");
        }
    }
}
