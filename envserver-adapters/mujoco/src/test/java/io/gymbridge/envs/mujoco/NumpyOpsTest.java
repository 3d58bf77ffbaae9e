package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NumPy's arithmetic where the envs depend on it to the last bit. */
class NumpyOpsTest {

    @BeforeEach
    void mujoco() {
        MujocoTesting.requireMujoco();
        MujocoLibrary.get();
    }

    @Test
    void sinCos_whereJavaRoundsOtherwise_giveTheCLibrarysValues() {
        // np.sin / np.cos of these on glibc 2.36 (NumPy 1.24 and 2.4 alike); Math rounds the
        // other way (here it is the correctly rounded one: glibc's error can exceed half an ulp)
        double[][] sines = {
            {-0.23807418063289154, -0.23583156530617866},
            {-0.2870011904228212, -0.2830773527375996},
            {-0.20881005799731572, -0.20729595246976723},
        };
        for (double[] c : sines) {
            assertEquals(c[1], NumpyOps.sin(c[0]), "sin(" + c[0] + ")");
            assertNotEquals(c[1], Math.sin(c[0]), "Math.sin(" + c[0] + ") now agrees");
        }
        double[][] cosines = {
            {1.952051332296067, -0.3720856562263992},
            {1.9982367255575673, -0.4145428495361393},
            {1.238237170475812, 0.32646303486986394},
        };
        for (double[] c : cosines) {
            assertEquals(c[1], NumpyOps.cos(c[0]), "cos(" + c[0] + ")");
            assertNotEquals(c[1], Math.cos(c[0]), "Math.cos(" + c[0] + ") now agrees");
        }
    }

    @Test
    void norm_sumsRoundedSquaresWithoutFusedMultiplyAdd() {
        // Swimmer-v5 seed 0, step 2: Gymnasium's distance_from_origin; with a fused multiply-add
        // (fma(y, y, x * x)) the sum rounds to 0.09784885125530823
        double x = 0.033030269947851236;
        double y = -0.092105368785731;
        assertEquals(0.09784885125530822, NumpyOps.norm(x, y));
        assertEquals(0.09784885125530823, Math.sqrt(Math.fma(y, y, x * x)));
        assertEquals(3.0, NumpyOps.norm(0.0, -3.0, 0.0));
    }

    @Test
    void squared_isTheCLibrarysPowNotAProduct() {
        // np.float64(x) ** 2 on glibc 2.36, where the correctly rounded x * x is one ulp away
        double[][] cases = {
            {0.9398749725167077, 0.883364963963282},
            {-1.0667942441416252, 1.1380499593337015},
            {-2.1253279230351465, 4.51701878043289},
        };
        for (double[] c : cases) {
            assertEquals(c[1], NumpyOps.squared(c[0]), c[0] + " ** 2");
            assertNotEquals(c[1], c[0] * c[0], c[0] + " * itself now agrees");
        }
    }
}
