package io.gymbridge.agents;

import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.ddpg.Ddpg;
import io.gymbridge.agents.ppo.Ppo;
import io.gymbridge.agents.sac.Sac;
import io.gymbridge.agents.td3.Td3;
import io.gymbridge.agents.trpo.Trpo;
import io.gymbridge.agents.vpg.Vpg;
import java.util.List;

/** Configs of two tiny epochs for smoke tests: seconds, not minutes. */
public final class TinyConfigs {
    private TinyConfigs() {}

    static final AcKwargs SMALL = new AcKwargs(List.of(16, 16), "tanh");

    public static Ppo.Config ppo() {
        return Ppo.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(2)
                .optTrainPiIters(5)
                .optTrainVIters(5)
                .optAcKwargs(SMALL)
                .build();
    }

    public static Vpg.Config vpg() {
        return Vpg.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(2)
                .optTrainVIters(5)
                .optAcKwargs(SMALL)
                .build();
    }

    public static Trpo.Config trpo() {
        return Trpo.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(2)
                .optTrainVIters(5)
                .optAcKwargs(SMALL)
                .build();
    }

    static final AcKwargs SMALL_RELU = new AcKwargs(List.of(16, 16), "relu");

    /** DDPG: epochs of 200 steps, random actions for 100, then an update every 50. */
    public static Ddpg.Config ddpg(int epochs) {
        return Ddpg.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(epochs)
                .optStartSteps(100)
                .optUpdateAfter(100)
                .optUpdateEvery(50)
                .optBatchSize(32)
                .optNumTestEpisodes(1)
                .optMaxEpLen(100)
                .optAcKwargs(SMALL_RELU)
                .build();
    }

    /** TD3, as {@link #ddpg}. */
    public static Td3.Config td3(int epochs) {
        return Td3.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(epochs)
                .optStartSteps(100)
                .optUpdateAfter(100)
                .optUpdateEvery(50)
                .optBatchSize(32)
                .optNumTestEpisodes(1)
                .optMaxEpLen(100)
                .optAcKwargs(SMALL_RELU)
                .build();
    }

    /** SAC, as {@link #ddpg}, with automatic entropy tuning. */
    public static Sac.Config sac(int epochs) {
        return Sac.Config.builder()
                .optStepsPerEpoch(200)
                .optEpochs(epochs)
                .optStartSteps(100)
                .optUpdateAfter(100)
                .optUpdateEvery(50)
                .optBatchSize(32)
                .optNumTestEpisodes(1)
                .optMaxEpLen(100)
                .optAutoAlpha(true)
                .optAcKwargs(SMALL_RELU)
                .build();
    }

    /** Trains {@code algo} for two tiny epochs. */
    public static void train(String algo, RunContext run) {
        train(algo, 2, run);
    }

    /** Trains {@code algo} for {@code epochs} tiny epochs (the on-policy ones: always two). */
    public static void train(String algo, int epochs, RunContext run) {
        switch (algo) {
            case "ddpg" -> Ddpg.train(ddpg(epochs), run);
            case "td3" -> Td3.train(td3(epochs), run);
            case "sac" -> Sac.train(sac(epochs), run);
            default -> trainOnPolicy(algo, run);
        }
    }

    private static void trainOnPolicy(String algo, RunContext run) {
        switch (algo) {
            case "ppo" -> Ppo.train(ppo(), run);
            case "vpg" -> Vpg.train(vpg(), run);
            case "trpo" -> Trpo.train(trpo(), run);
            case "npg" -> Trpo.train(trpo().toBuilder().optAlgo("npg").build(), run);
            default -> throw new IllegalArgumentException(algo);
        }
    }
}
