package io.gymbridge.agents;

import io.gymbridge.agents.common.AcKwargs;
import io.gymbridge.agents.ppo.Ppo;
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

    /** Trains {@code algo} for two tiny epochs. */
    public static void train(String algo, RunContext run) {
        switch (algo) {
            case "ppo" -> Ppo.train(ppo(), run);
            case "vpg" -> Vpg.train(vpg(), run);
            case "trpo" -> Trpo.train(trpo(), run);
            case "npg" -> Trpo.train(trpo().toBuilder().optAlgo("npg").build(), run);
            default -> throw new IllegalArgumentException(algo);
        }
    }
}
