package io.gymbridge.agents;

/**
 * Training produced a loss that is NaN or infinite: the run stops before the broken networks reach
 * a checkpoint, with a message naming the algorithm, the loss, and the checkpoint that is intact.
 */
public final class Diverged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A divergence described by {@code message}. */
    public Diverged(String message) {
        super(message);
    }

    /**
     * {@code value}, if finite.
     *
     * @param loss the loss's name as progress.txt logs it (LossQ, LossPi)
     * @throws Diverged if the value is NaN or infinite
     */
    public static float check(String loss, float value) {
        if (!Float.isFinite(value)) {
            throw new Diverged(loss + " is " + value);
        }
        return value;
    }
}
