package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Reset;
import io.gymbridge.env.Step;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Discrete;
import io.gymbridge.env.testing.CountingEnv;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TransformObservation, and what ObservationWrapper passes through. */
class TransformObservationTest {

    @Test
    void resetAndStep_function_transformsBothObservations() {
        var env =
                new TransformObservation<>(
                        CountingEnv.discrete(0), obs -> (int) obs.getFloat(0) % 2, new Discrete(2));

        Reset<Integer> r = env.reset(0);
        assertEquals(0, r.observation());
        assertEquals(1, env.step(0).observation());
        assertEquals(0, env.step(0).observation());
        assertEquals(new Discrete(2), env.observationSpace());
    }

    @Test
    void otherCalls_anyWrapper_passThroughToTheEnv() {
        CountingEnv<Integer> inner = CountingEnv.discrete(1);
        var env = new TransformObservation<>(inner, obs -> obs, CountingEnv.OBSERVATION_SPACE);

        assertEquals(Map.of("resets", 1), env.reset(3).info());
        Step<Tensor> s = env.step(1);
        assertEquals(1.0, s.reward());
        assertTrue(s.terminated());
        assertEquals(Map.of("step", 1), s.info());
        assertEquals(inner.actionSpace(), env.actionSpace());
        assertEquals(inner.spec(), env.spec());
        assertSame(inner, env.unwrapped());
        assertSame(inner, env.inner());
        env.close();
        assertTrue(inner.isClosed());
    }
}
