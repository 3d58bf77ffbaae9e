package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.testing.CountingEnv;
import org.junit.jupiter.api.Test;

class TransformRewardTest {

    @Test
    void step_function_appliesToEveryReward() {
        var env = new TransformReward<>(CountingEnv.discrete(0), r -> 10 * r - 1);
        env.reset(0);

        assertEquals(9.0, env.step(0).reward());
        Step<Tensor> s = env.step(0);
        assertEquals(19.0, s.reward());
        assertEquals(CountingEnv.obs(2), s.observation());
    }
}
