package io.gymbridge.agents.checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training state that a checkpoint saves into its directory and a resumed run loads back: an
 * actor-critic's parameters, a replay buffer, a temperature. See {@link Checkpoints}.
 */
public interface Checkpointed {

    /** Writes this state's files into the checkpoint directory {@code dir}. */
    void save(Path dir) throws IOException;

    /**
     * Reads back what {@link #save} wrote into {@code dir}, in place.
     *
     * @throws IllegalArgumentException if the files do not fit this state (other shapes or sizes)
     */
    void load(Path dir) throws IOException;

    /** All of {@code parts}, saved and loaded in order. */
    static Checkpointed all(Checkpointed... parts) {
        List<Checkpointed> list = List.of(parts);
        return new Checkpointed() {
            @Override
            public void save(Path dir) throws IOException {
                for (Checkpointed part : list) {
                    part.save(dir);
                }
            }

            @Override
            public void load(Path dir) throws IOException {
                for (Checkpointed part : list) {
                    part.load(dir);
                }
            }
        };
    }
}
