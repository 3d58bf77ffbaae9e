package io.gymbridge.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunningMeanStdTest {

    @Test
    void constructor_startsAtMeanZeroVarOneAndPseudoCount() {
        RunningMeanStd rms = new RunningMeanStd(2);

        assertArrayEquals(new double[] {0, 0}, rms.mean());
        assertArrayEquals(new double[] {1, 1}, rms.var());
        assertEquals(1e-4, rms.count());
    }

    @Test
    void update_samples_poolsThemWithThePseudoSample() {
        // The parallel algorithm pools exactly: the pseudo-sample (mean 0, var 1, weight 1e-4) with
        // the samples 1, 2, 3, 4 gives mean = 10 / 4.0001 and
        // var = (1e-4 * (1 + (0 - mean)^2) + sum (x - mean)^2) / 4.0001
        RunningMeanStd rms = new RunningMeanStd(1);
        for (double x = 1; x <= 4; x++) {
            rms.update(new double[] {x});
        }
        double n = 4.0001;
        double mean = 10 / n;
        double m2 = 1e-4 * (1 + mean * mean);
        for (double x = 1; x <= 4; x++) {
            m2 += (x - mean) * (x - mean);
        }

        assertEquals(mean, rms.mean(0), 1e-12);
        assertEquals(m2 / n, rms.var(0), 1e-12);
        assertEquals(n, rms.count(), 1e-12);
    }

    @Test
    void updateFromMoments_oneBatch_equalsTheSamplesOneByOne() {
        RunningMeanStd oneByOne = new RunningMeanStd(1);
        for (double x : new double[] {2, 4, 9}) {
            oneByOne.update(new double[] {x});
        }
        RunningMeanStd batch = new RunningMeanStd(1);
        // mean 5, population variance ((2-5)^2 + (4-5)^2 + (9-5)^2) / 3 = 26 / 3
        batch.updateFromMoments(new double[] {5}, new double[] {26.0 / 3}, 3);

        assertEquals(oneByOne.mean(0), batch.mean(0), 1e-12);
        assertEquals(oneByOne.var(0), batch.var(0), 1e-12);
        assertEquals(oneByOne.count(), batch.count(), 1e-12);
    }

    @Test
    void update_float32_roundsEveryResultToFloat32() {
        RunningMeanStd rms = new RunningMeanStd(1, 1e-4, true);
        rms.update(new double[] {0.1f});
        rms.update(new double[] {0.7f});

        assertEquals((float) rms.mean(0), rms.mean(0));
        assertEquals((float) rms.var(0), rms.var(0));
    }

    @Test
    void set_restoresSavedStatistics() {
        RunningMeanStd saved = new RunningMeanStd(2);
        saved.update(new double[] {1, 5});
        saved.update(new double[] {3, -1});
        RunningMeanStd restored = new RunningMeanStd(2);
        restored.set(saved.mean(), saved.var(), saved.count());
        saved.update(new double[] {7, 7});
        restored.update(new double[] {7, 7});

        assertArrayEquals(saved.mean(), restored.mean());
        assertArrayEquals(saved.var(), restored.var());
        assertEquals(saved.count(), restored.count());
    }

    @Test
    void set_wrongSizeOrCount_throws() {
        RunningMeanStd rms = new RunningMeanStd(2);

        assertThrows(
                IllegalArgumentException.class,
                () -> rms.set(new double[] {0}, new double[] {1, 1}, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> rms.set(new double[] {0, 0}, new double[] {1, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> rms.update(new double[] {1, 2, 3}));
    }
}
