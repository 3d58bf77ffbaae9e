package io.gymbridge.agents.buffers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Returns and GAE against arrays computed by hand. */
class GaeBufferTest {
    private static final float[] OBS = {0f};
    private static final float[] ACT = {0f};

    @Test
    void discountCumsum_threeSteps_matchesHandComputed() {
        double[] y = GaeBuffer.discountCumsum(new double[] {1, 2, 3}, 0.5);
        // [1 + 0.5*2 + 0.25*3, 2 + 0.5*3, 3]
        assertArrayEquals(new double[] {2.75, 3.5, 3}, y, 1e-12);
    }

    @Test
    void discountCumsum_empty_isEmpty() {
        assertEquals(0, GaeBuffer.discountCumsum(new double[0], 0.9).length);
    }

    /** Stores a path of rewards r and values v for env 0 of a one-env buffer. */
    private static GaeBuffer path(double gamma, double lam, double[] r, double[] v) {
        GaeBuffer buf = new GaeBuffer(1, 1, r.length, gamma, lam, 1);
        for (int t = 0; t < r.length; t++) {
            buf.store(0, OBS, 0, ACT, 0, r[t], v[t], 0);
        }
        return buf;
    }

    @Test
    void finishPath_terminated_bootstrapsZero() {
        // gamma 0.9, lam 0.8; rewards 1, 2, 3; values 0.5, 1.0, 1.5; terminal: V(s_3) = 0
        GaeBuffer buf = path(0.9, 0.8, new double[] {1, 2, 3}, new double[] {0.5, 1.0, 1.5});
        buf.finishPath(0, 0);
        // deltas: 1 + .9*1 - .5 = 1.4; 2 + .9*1.5 - 1 = 2.35; 3 + 0 - 1.5 = 1.5
        // adv (gamma*lam = .72): a2 = 1.5; a1 = 2.35 + .72*1.5 = 3.43; a0 = 1.4 + .72*3.43 = 3.8696
        // ret: r2 = 3; r1 = 2 + .9*3 = 4.7; r0 = 1 + .9*4.7 = 5.23
        double[][] out = raw(buf);
        assertArrayEquals(new double[] {3.8696, 3.43, 1.5}, out[0], 1e-9);
        assertArrayEquals(new double[] {5.23, 4.7, 3}, out[1], 1e-9);
    }

    @Test
    void finishPath_truncated_bootstrapsLastValue() {
        // same path, but truncated by a time limit in a state worth V(s_3) = 2
        GaeBuffer buf = path(0.9, 0.8, new double[] {1, 2, 3}, new double[] {0.5, 1.0, 1.5});
        buf.finishPath(0, 2);
        // deltas: 1.4, 2.35, 3 + .9*2 - 1.5 = 3.3
        // adv: a2 = 3.3; a1 = 2.35 + .72*3.3 = 4.726; a0 = 1.4 + .72*4.726 = 4.80272
        // ret: r2 = 3 + .9*2 = 4.8; r1 = 2 + .9*4.8 = 6.32; r0 = 1 + .9*6.32 = 6.688
        double[][] out = raw(buf);
        assertArrayEquals(new double[] {4.80272, 4.726, 3.3}, out[0], 1e-9);
        assertArrayEquals(new double[] {6.688, 6.32, 4.8}, out[1], 1e-9);
    }

    @Test
    void finishPath_epochCutOff_bootstrapsValueOfNextState() {
        // two steps of a longer episode cut off by the epoch; V(s_2) = 10
        GaeBuffer buf = path(0.99, 0.97, new double[] {1, 1}, new double[] {5, 6});
        buf.finishPath(0, 10);
        // deltas: 1 + .99*6 - 5 = 1.94; 1 + .99*10 - 6 = 4.9
        // adv: a1 = 4.9; a0 = 1.94 + .9603*4.9 = 6.64547
        // ret: r1 = 1 + 9.9 = 10.9; r0 = 1 + .99*10.9 = 11.791
        double[][] out = raw(buf);
        assertArrayEquals(new double[] {6.64547, 4.9}, out[0], 1e-9);
        assertArrayEquals(new double[] {11.791, 10.9}, out[1], 1e-9);
    }

    @Test
    void finishPath_interleavedEnvs_computesEachEnvsPathAlone() {
        GaeBuffer buf = new GaeBuffer(1, 1, 4, 0.5, 1.0, 2);
        // env 0: rewards 1, 1 (terminated); env 1: rewards 2, 2 (cut off, V = 4); interleaved
        buf.store(0, OBS, 0, ACT, 0, 1, 0, 0);
        buf.store(1, OBS, 0, ACT, 0, 2, 0, 0);
        buf.store(0, OBS, 0, ACT, 0, 1, 0, 0);
        buf.store(1, OBS, 0, ACT, 0, 2, 0, 0);
        buf.finishPath(0, 0);
        buf.finishPath(1, 4);
        double[][] out = raw(buf);
        // env 0 rets: 1 + .5*1 = 1.5, 1; env 1 rets: 2 + .5*(2 + .5*4) = 4, 2 + .5*4 = 4
        assertArrayEquals(new double[] {1.5, 4, 1, 4}, out[1], 1e-12);
        // values 0, lam 1: advantages equal returns
        assertArrayEquals(out[1], out[0], 1e-12);
    }

    @Test
    void get_normalisesAdvantagesOverTheEpoch() {
        GaeBuffer buf = path(0.9, 0.8, new double[] {1, 2, 3}, new double[] {0.5, 1.0, 1.5});
        buf.finishPath(0, 0);
        GaeBuffer.Data data = buf.get();
        double mean = 0;
        double sq = 0;
        for (float a : data.adv()) {
            mean += a;
        }
        mean /= 3;
        for (float a : data.adv()) {
            sq += (a - mean) * (a - mean);
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, Math.sqrt(sq / 3), 1e-6);
        assertArrayEquals(new float[] {5.23f, 4.7f, 3f}, data.ret(), 1e-5f);
        assertEquals(0, buf.size());
    }

    @Test
    void get_beforeFullOrWithUnfinishedPath_throws() {
        GaeBuffer buf = path(0.9, 0.8, new double[] {1, 2}, new double[] {0, 0});
        assertThrows(IllegalStateException.class, buf::get);
        GaeBuffer partial = new GaeBuffer(1, 1, 3, 0.9, 0.8, 1);
        partial.store(0, OBS, 0, ACT, 0, 1, 0, 0);
        assertThrows(IllegalStateException.class, partial::get);
    }

    /** The raw advantages and returns, before normalisation (via a 1-step-per-env trick). */
    private static double[][] raw(GaeBuffer buf) {
        return new double[][] {buf.rawAdvantages(), buf.rawReturns()};
    }
}
