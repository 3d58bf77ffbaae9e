package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.testing.CountingEnv;
import org.junit.jupiter.api.Test;

/**
 * CountingEnv rewards 1, 2, ... per episode. Accumulator values by hand; normalized rewards printed
 * by Gymnasium 1.4.0 ({@code NormalizeReward(env)} over the same env, float64).
 */
class NormalizeRewardTest {

    @Test
    void step_firstReward_isDividedByTheStdOfOneReturn() {
        var env = new NormalizeReward<>(CountingEnv.discrete(0));
        env.reset(0);
        double r = env.step(0).reward();

        // G = 1; from (mean 0, var 1, count 1e-4): var = (1e-4 + 1 * 1e-4 / 1.0001) / 1.0001
        double c = 1e-4 + 1;
        double var = (1e-4 + 1e-4 / c) / c;
        assertEquals(1 / Math.sqrt(var + 1e-8), r, 1e-12);
        assertEquals(70.71421321062337, r, 1e-12);
    }

    @Test
    void step_terminationsAndResets_matchGymnasium() {
        var env = new NormalizeReward<>(CountingEnv.discrete(2));
        env.reset(0);
        double[] expectedG = {1.0, 2.0, 2.98, 2.0, 2.98};
        double[] expectedReward = {
            70.71421321062337,
            3.9988005647001654,
            1.2369587038168728,
            2.8565970851184344,
            1.3515967672615066
        };
        for (int i = 0; i < 5; i++) {
            Step<Tensor> s = env.step(0);
            // terminated clears G on that very step: G = 0 * 0.99 + 2; reset does not: 2 * 0.99 + 1
            assertEquals(expectedG[i], env.discountedReward(), 1e-12, "G at step " + i);
            assertEquals(expectedReward[i], s.reward(), 1e-12, "reward at step " + i);
            if (s.terminated()) {
                env.reset();
            }
        }
        assertEquals(0.5474011473351462, env.returnRms().var(0), 1e-15);
        assertEquals(2.1919561608767824, env.returnRms().mean(0), 1e-15);
        assertEquals(5.0001, env.returnRms().count(), 1e-12);
    }

    @Test
    void step_truncation_doesNotClearTheAccumulator() {
        var env = new NormalizeReward<>(new TimeLimit<>(CountingEnv.discrete(0), 2));
        env.reset(0);
        env.step(0);
        Step<Tensor> truncated = env.step(0);
        env.reset();
        env.step(0);

        // G: 1, 1 * 0.99 + 2 = 2.99 (truncated), then 2.99 * 0.99 + 1 = 3.9601
        assertEquals(2.009847769253531, truncated.reward(), 1e-12);
        assertEquals(3.9601, env.discountedReward(), 1e-12);
    }

    @Test
    void setUpdateRunningMean_false_freezesStatistics() {
        var env = new NormalizeReward<>(CountingEnv.discrete(0));
        env.reset(0);
        env.step(0);
        env.setUpdateRunningMean(false);
        double var = env.returnRms().var(0);
        double r = env.step(0).reward();

        assertEquals(2 / Math.sqrt(var + 1e-8), r, 1e-12);
        assertEquals(var, env.returnRms().var(0));
        assertEquals(2.99, env.discountedReward(), 1e-12, "G keeps accumulating");
    }

    @Test
    void constructor_gammaOutsideUnitInterval_throws() {
        var inner = CountingEnv.discrete(0);
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward<>(inner, 1.5, 1e-8));
        assertThrows(
                IllegalArgumentException.class, () -> new NormalizeReward<>(inner, -0.1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward<>(inner, 0.99, 0));
    }
}
