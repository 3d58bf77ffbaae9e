package io.gymbridge.agents.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gymbridge.agents.logging.PyFormat;
import io.gymbridge.agents.nn.Adam;
import io.gymbridge.agents.seeding.Rng;
import io.gymbridge.env.EnvSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Training checkpoints: {@code <outputDir>/checkpoints/epoch-<N>/}, N being the 0-based epoch after
 * which it was taken (the {@code Epoch} column of progress.txt). Each holds everything a resumed
 * run needs to continue as if it had not stopped:
 *
 * <ul>
 *   <li>the algorithm's {@link Checkpointed} state: {@code model.params}, the on-policy
 *       actor-critic's parameters (DJL {@code Block.saveParameters}), or the off-policy networks
 *       and targets ({@code pi.params}, {@code q.params}, ...) and the replay buffer ({@code
 *       replay_buffer.bin}, kept in the latest checkpoint only);
 *   <li>{@code policy.json}: the policy as plain numbers, for {@code test-policy} ({@link
 *       PolicyExport});
 *   <li>{@code <name>_optimizer.bin}: each Adam's moments and step count;
 *   <li>{@code config.json}: the run's config, as the run directory's;
 *   <li>{@code state.json}: algorithm, epoch, TotalEnvInteracts, elapsed time, the action sampler's
 *       state, the env and its spec, the engine.
 * </ul>
 *
 * A checkpoint is written into a temporary directory and renamed into place, so a run killed while
 * saving (or by a dying env server) leaves the previous checkpoints intact.
 */
public final class Checkpoints {
    private Checkpoints() {}

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The training state beside the parameters.
     *
     * @param algo the algorithm's name
     * @param epoch the last completed epoch (0-based)
     * @param totalEnvInteracts env steps stored so far
     * @param elapsedSeconds wall time of the run so far (the Time column)
     * @param rngState the action sampler's {@link Rng#state()}
     * @param env the env id or URL trained on
     * @param envSpec the env's spec
     * @param engine the DJL engine
     */
    public record State(
            String algo,
            int epoch,
            long totalEnvInteracts,
            double elapsedSeconds,
            long rngState,
            String env,
            Spec envSpec,
            String engine) {}

    /**
     * An {@link EnvSpec} as JSON.
     *
     * @param id the env id
     * @param maxEpisodeSteps the time limit, or null
     * @param rewardThreshold the solved threshold, or null
     * @param nondeterministic whether seeding makes it deterministic
     */
    public record Spec(
            String id, Integer maxEpisodeSteps, Double rewardThreshold, boolean nondeterministic) {
        /** The JSON form of a spec. */
        public static Spec of(EnvSpec spec) {
            return new Spec(
                    spec.id(),
                    spec.maxEpisodeSteps().isPresent() ? spec.maxEpisodeSteps().getAsInt() : null,
                    spec.rewardThreshold().isPresent()
                            ? spec.rewardThreshold().getAsDouble()
                            : null,
                    spec.nondeterministic());
        }
    }

    /** The directory of the checkpoint after {@code epoch}. */
    public static Path dir(Path outputDir, int epoch) {
        return outputDir.resolve("checkpoints").resolve("epoch-" + epoch);
    }

    /** The epochs that have a complete checkpoint, ascending. */
    public static List<Integer> epochs(Path outputDir) {
        Path root = outputDir.resolve("checkpoints");
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.forEach(
                    d -> {
                        String name = d.getFileName().toString();
                        if (name.matches("epoch-\\d+") && Files.exists(d.resolve("state.json"))) {
                            out.add(Integer.parseInt(name.substring("epoch-".length())));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The latest checkpoint's epoch, if any. */
    public static OptionalInt latest(Path outputDir) {
        List<Integer> all = epochs(outputDir);
        return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.get(all.size() - 1));
    }

    /** Saves a checkpoint after {@code state.epoch()}, atomically. */
    public static void save(
            Path outputDir,
            State state,
            JsonNode config,
            Checkpointed ac,
            Map<String, Adam> optimizers) {
        Path target = dir(outputDir, state.epoch());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            ac.save(tmp);
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                e.getValue().save(tmp.resolve(e.getKey() + "_optimizer.bin"));
            }
            Files.writeString(
                    tmp.resolve("config.json"), PyFormat.json(config), StandardCharsets.UTF_8);
            JSON.writeValue(tmp.resolve("state.json").toFile(), state);
            deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + target, e);
        }
    }

    /** Reads the state of the checkpoint in {@code checkpointDir}. */
    public static State readState(Path checkpointDir) {
        Path file = checkpointDir.resolve("state.json");
        try {
            return JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Restores the checkpoint after {@code epoch} into {@code ac} and the optimizers.
     *
     * @return its state
     * @throws IllegalArgumentException if it is another algorithm's, or does not fit the networks
     */
    public static State restore(
            Path outputDir, int epoch, String algo, Checkpointed ac, Map<String, Adam> optimizers) {
        Path dir = dir(outputDir, epoch);
        State state = readState(dir);
        if (!algo.equals(state.algo())) {
            throw new IllegalArgumentException(
                    "cannot resume "
                            + algo
                            + " from "
                            + dir
                            + ": it is a "
                            + state.algo()
                            + " run");
        }
        try {
            ac.load(dir);
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                e.getValue().load(dir.resolve(e.getKey() + "_optimizer.bin"));
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(
                    "checkpoint " + dir + " is incomplete: " + e.getFile() + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e, e);
        }
        return state;
    }

    /**
     * Deletes {@code fileName} from the checkpoints before {@code epoch}: for large state only the
     * latest checkpoint needs (a replay buffer), since {@code --resume} continues from the latest.
     */
    public static void dropFromEarlier(Path outputDir, int epoch, String fileName) {
        for (int e : epochs(outputDir)) {
            if (e < epoch) {
                Path file = dir(outputDir, e).resolve(fileName);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot delete " + file, ex);
                }
            }
        }
    }

    /** Deletes every checkpoint of the run in {@code outputDir}. */
    public static void deleteAll(Path outputDir) {
        Path root = outputDir.resolve("checkpoints");
        try {
            deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
