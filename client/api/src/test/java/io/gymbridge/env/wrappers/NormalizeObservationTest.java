package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import io.gymbridge.env.spaces.Box;
import io.gymbridge.env.testing.CountingEnv;
import org.junit.jupiter.api.Test;

/**
 * CountingEnv observes 0 at reset, then 1, 2, 3: with the pseudo-count 1e-4 the statistics are
 * almost those of the observations so far, so observation k normalizes to about (k - mean(0..k)) /
 * std(0..k): 0, 0.99995, 1.2247 (= 1 / sqrt(2/3)), 1.3416 (= 1.5 / sqrt(1.25)). The exact float32
 * values were printed by Gymnasium 1.4.0 ({@code NormalizeObservation} over the same env).
 */
class NormalizeObservationTest {

    @Test
    void resetAndStep_countingObservations_matchGymnasium() {
        var env = new NormalizeObservation<>(CountingEnv.discrete(0));

        assertEquals(Tensor.of(0f), env.reset(0).observation());
        assertEquals(Tensor.of(0.9999499320983887f), env.step(0).observation());
        assertEquals(Tensor.of(1.2247446775436401f), env.step(0).observation());
        assertEquals(Tensor.of(1.3416475057601929f), env.step(0).observation());
    }

    @Test
    void runningMeanStd_afterFourObservations_holdsMeanVarAndCount() {
        var env = new NormalizeObservation<>(CountingEnv.discrete(0));
        env.reset(0);
        for (int i = 0; i < 3; i++) {
            env.step(0);
        }
        RunningMeanStd rms = env.runningMeanStd();

        // Gymnasium: obs_rms.mean = [1.4999626] float32, var = [1.25005] float32, count = 4.0001
        assertTrue(rms.isFloat32());
        assertEquals(1.4999626f, rms.mean(0));
        assertEquals(1.25005f, rms.var(0));
        assertEquals(4.0001, rms.count(), 1e-12);
    }

    @Test
    void setUpdateRunningMean_false_freezesStatistics() {
        var env = new NormalizeObservation<>(CountingEnv.discrete(0));
        env.reset(0);
        for (int i = 0; i < 3; i++) {
            env.step(0);
        }
        env.setUpdateRunningMean(false);
        double[] mean = env.runningMeanStd().mean();

        // Gymnasium: (4 - 1.4999626) / sqrt(1.25005 + 1e-8) in float32
        assertEquals(Tensor.of(2.2360568046569824f), env.step(0).observation());
        assertArrayEquals(mean, env.runningMeanStd().mean());
        assertEquals(4.0001, env.runningMeanStd().count(), 1e-12);
        assertFalse(env.updateRunningMean());
    }

    @Test
    void runningMeanStdSet_restoredStatistics_normalizeWithThem() {
        var env = new NormalizeObservation<>(CountingEnv.discrete(0));
        env.runningMeanStd().set(new double[] {1.0}, new double[] {4.0}, 100);
        env.setUpdateRunningMean(false);
        env.reset(0);
        env.step(0);
        env.step(0);

        // (3 - 1) / sqrt(4 + 1e-8) = 1.0 in float32
        assertEquals(Tensor.of(1.0f), env.step(0).observation());
    }

    @Test
    void observationSpace_isUnboundedFloat32BoxOfSameShape() {
        var env = new NormalizeObservation<>(CountingEnv.discrete(0));

        assertEquals(
                Box.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, DType.FLOAT32, 1),
                env.observationSpace());
    }

    @Test
    void observation_float64Box_keepsFloat64StatisticsAndReturnsFloat32() {
        Box doubles = Box.of(0, 10, DType.FLOAT64, 2);
        var asDoubles =
                new TransformObservation<>(
                        CountingEnv.discrete(0),
                        obs -> Tensor.of(obs.getDouble(0), 2 * obs.getDouble(0)),
                        doubles);
        var env = new NormalizeObservation<>(asDoubles);
        env.reset(0);
        Tensor obs = env.step(0).observation();

        // element i observed 0, then x = i + 1; from (mean 0, var 1, count 1e-4):
        // after 0: var = 1e-4 / c1; after x: mean = x / c2, var = (1e-4 + x^2 * c1 / c2) / c2
        double c1 = 1e-4 + 1;
        double c2 = c1 + 1;
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double x = i + 1;
            double mean = x / c2;
            double var = (1e-4 / c1 * c1 + x * x * c1 / c2) / c2;
            expected[i] = (float) ((x - mean) / Math.sqrt(var + 1e-8));
        }
        assertEquals(DType.FLOAT32, obs.dtype());
        assertFalse(env.runningMeanStd().isFloat32());
        assertArrayEquals(expected, obs.toDoubleArray());
    }

    @Test
    void constructor_nonPositiveEpsilon_throws() {
        var inner = CountingEnv.discrete(0);
        assertThrows(IllegalArgumentException.class, () -> new NormalizeObservation<>(inner, 0));
    }
}
