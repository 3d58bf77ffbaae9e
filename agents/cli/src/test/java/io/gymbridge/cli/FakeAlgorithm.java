package io.gymbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.nn.AcKwargs;
import io.gymbridge.agents.run.ConfigBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only algorithm: records its runs and writes Spinning Up's progress.txt and config.json.
 */
class FakeAlgorithm implements Algorithm<FakeAlgorithm.Config> {

    /** Spinning Up's ac_kwargs. */
    record AcKwargs(List<Integer> hiddenSizes, String activation) {}

    /** A small config. */
    record Config(long seed, int epochs, double clipRatio, AcKwargs acKwargs) {
        Config {
            if (!(clipRatio > 0 && clipRatio < 1)) {
                throw new IllegalArgumentException(
                        "clip_ratio must be in (0, 1), got " + clipRatio);
            }
        }
    }

    final List<Config> configs = new ArrayList<>();
    final List<RunContext> runs = new ArrayList<>();
    private final String unsupported;

    FakeAlgorithm() {
        this(null);
    }

    /** An algorithm whose train rejects the env's spaces with this message. */
    FakeAlgorithm(String unsupported) {
        this.unsupported = unsupported;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaultConfig() {
        return new Config(0, 2, 0.2, new AcKwargs(List.of(64, 64), "tanh"));
    }

    @Override
    public void train(Config config, RunContext run) {
        if (unsupported != null) {
            throw new IllegalArgumentException(unsupported);
        }
        configs.add(config);
        runs.add(run);
        try {
            Files.createDirectories(run.outputDir());
            StringBuilder progress = new StringBuilder("Epoch\tAverageEpRet\tTotalEnvInteracts\n");
            for (int e = 0; e < config.epochs(); e++) {
                progress.append(e).append('\t').append(config.seed() + e).append('\t');
                progress.append(100 * (e + 1)).append('\n');
            }
            Files.writeString(run.outputDir().resolve("progress.txt"), progress);
            var json = ConfigBinder.tree(config);
            json.put("algo", name()).put("env", run.env()).put("exp_name", run.expName());
            Files.writeString(
                    run.outputDir().resolve("config.json"),
                    new ObjectMapper().writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
