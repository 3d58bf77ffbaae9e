package io.gymbridge.agents;

import java.nio.file.Path;

/**
 * Where and how one training run happens; the parts of a run that are not hyperparameters.
 *
 * @param env what {@link io.gymbridge.env.Envs#make} opens: an id ({@code CartPole-v1}) or a URL
 *     ({@code grpc://host:port/CartPole-v1}); Spinning Up's {@code env_name}
 * @param expName the experiment name, written to config.json for the plotter's legend
 * @param outputDir the run directory: progress.txt, config.json, checkpoints
 * @param engine the DJL engine name, {@code MXNet} or {@code PyTorch}
 * @param resume continue from the last checkpoint in outputDir instead of starting afresh
 * @param progress whether to show a live progress display on the terminal
 */
public record RunContext(
        String env,
        String expName,
        Path outputDir,
        String engine,
        boolean resume,
        boolean progress) {}
