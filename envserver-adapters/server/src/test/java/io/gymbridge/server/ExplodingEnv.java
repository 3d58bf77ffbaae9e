package io.gymbridge.server;

import io.gymbridge.env.AbstractEnv;
import io.gymbridge.env.DType;
import io.gymbridge.env.EnvSpec;
import io.gymbridge.env.Kwargs;
import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.spaces.Discrete;
import java.util.Map;

/** A test env whose step with action 1 throws, as a buggy env would; action 0 works. */
final class ExplodingEnv extends AbstractEnv<Tensor, Integer> {
    static final String ID = "Exploding-v0";

    ExplodingEnv(EnvSpec spec, Map<String, Object> kwargs) {
        super(Box.of(-1, 1, DType.FLOAT32, 1), new Discrete(2), spec, null);
        Kwargs k = new Kwargs(ID, kwargs);
        if (k.getBoolean("fail_on_make", false)) {
            throw new IllegalStateException("constructor failed on purpose");
        }
        k.requireAllUsed();
    }

    @Override
    public Reset<Tensor> reset(Long seed, Map<String, Object> options) {
        seed(seed);
        return new Reset<>(Tensor.of(0f), Map.of());
    }

    @Override
    public Step<Tensor> step(Integer action) {
        if (checkAction(action) == 1) {
            throw new IllegalStateException("kaboom: the env blew up on action 1");
        }
        return new Step<>(Tensor.of(0f), 1.0, false, false, Map.of());
    }
}
