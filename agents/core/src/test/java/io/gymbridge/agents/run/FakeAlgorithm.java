package io.gymbridge.agents.run;

import io.gymbridge.agents.Algorithm;
import io.gymbridge.agents.RunContext;
import io.gymbridge.agents.nn.AcKwargs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A test-only algorithm: records what it was asked to train and writes Spinning Up's files. */
final class FakeAlgorithm implements Algorithm<FakeAlgorithm.Config> {

    /** Hidden layer sizes and activation, as Spinning Up's ac_kwargs. */
    record AcKwargs(List<Integer> hiddenSizes, String activation) {}

    /** A config with Spinning Up's names, validated as the real ones are. */
    record Config(
            long seed,
            int stepsPerEpoch,
            int epochs,
            double clipRatio,
            AcKwargs acKwargs,
            int numEnvs,
            boolean normalize) {
        Config {
            if (!(clipRatio > 0 && clipRatio < 1)) {
                throw new IllegalArgumentException(
                        "clip_ratio must be in (0, 1), got " + clipRatio);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            Objects.requireNonNull(acKwargs, "ac_kwargs");
        }

        /** A derived value: must not become a config key. */
        int getTotalSteps() {
            return stepsPerEpoch * epochs;
        }
    }

    /** One call of train. */
    record Call(Config config, RunContext run) {}

    final List<Call> calls = new ArrayList<>();

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
        return new Config(0, 4000, 50, 0.2, new AcKwargs(List.of(64, 64), "tanh"), 1, false);
    }

    @Override
    public void train(Config config, RunContext run) {
        calls.add(new Call(config, run));
        try {
            Files.createDirectories(run.outputDir());
            StringBuilder progress = new StringBuilder("Epoch\tTotalEnvInteracts\tAverageEpRet\n");
            for (int e = 0; e < config.epochs(); e++) {
                progress.append(e).append('\t').append((e + 1) * config.stepsPerEpoch());
                progress.append('\t').append(10.0 * e + config.seed()).append('\n');
            }
            Files.writeString(run.outputDir().resolve("progress.txt"), progress);
            var json = ConfigBinder.tree(config);
            json.put("algo", name()).put("env", run.env()).put("exp_name", run.expName());
            Files.writeString(run.outputDir().resolve("config.json"), json.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
