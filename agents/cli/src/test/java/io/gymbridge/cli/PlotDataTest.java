package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plotter's data preparation, against numbers worked out by hand. */
class PlotDataTest {
    @TempDir Path tmp;
    private final PrintStream quiet =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    static void writeRun(Path dir, String expName, String header, String... rows) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("progress.txt"), header + "\n" + String.join("\n", rows) + "\n");
        if (expName != null) {
            Files.writeString(
                    dir.resolve("config.json"), "{\"exp_name\": \"" + expName + "\", \"seed\": 0}");
        }
    }

    /** Two seeds of exp "e" (AverageEpRet) and one run of "f" (off-policy: AverageTestEpRet). */
    @BeforeEach
    void runs() throws Exception {
        String h = "Epoch\tAverageEpRet\tTotalEnvInteracts";
        writeRun(
                tmp.resolve("data/bench_e/bench_e_s0"),
                "e",
                h,
                "0\t1\t1000",
                "1\t2\t2000",
                "2\t4\t3000",
                "3\t8\t4000");
        writeRun(
                tmp.resolve("data/bench_e/bench_e_s10"),
                "e",
                h,
                "0\t3\t1000",
                "1\t4\t2000",
                "2\t6\t3000",
                "3\t2\t4000");
        writeRun(
                tmp.resolve("data/bench_f/bench_f_s0"),
                "f",
                "Epoch\tAverageEpRet\tAverageTestEpRet\tTotalEnvInteracts",
                "0\t100\t5\t1000",
                "1\t100\tnan\t2000",
                "2\t100\t7\t3000");
        Files.createDirectories(tmp.resolve("data/other"));
    }

    @Test
    void smooth_matchesNumpyConvolveSame() {
        double[] y = {1, 2, 4, 8, 16};
        assertArrayEquals(y, PlotData.smooth(y, 1));
        assertArrayEquals(new double[] {1, 1.5, 3, 6, 12}, PlotData.smooth(y, 2), 1e-12);
        assertArrayEquals(
                new double[] {1.5, 7 / 3.0, 14 / 3.0, 28 / 3.0, 12}, PlotData.smooth(y, 3), 1e-12);
        assertArrayEquals(
                new double[] {1.5, 7 / 3.0, 3.75, 7.5, 28 / 3.0}, PlotData.smooth(y, 4), 1e-12);
        assertArrayEquals(new double[] {1.5, 1.5}, PlotData.smooth(new double[] {1, 2}, 9), 1e-12);
    }

    @Test
    void logdirs_prefixAutocompletion_selectAndExclude() {
        String data = tmp.resolve("data").toString();
        assertEquals(
                List.of(tmp.resolve("data/bench_e"), tmp.resolve("data/bench_f")),
                PlotData.logdirs(List.of(data + "/bench_"), null, null));
        assertEquals(
                List.of(tmp.resolve("data/bench_f")),
                PlotData.logdirs(List.of(data + "/bench"), List.of("_f"), null));
        assertEquals(
                List.of(tmp.resolve("data/bench_e")),
                PlotData.logdirs(List.of(data + "/b"), null, List.of("_f")));
        assertEquals(
                List.of(Path.of(data + "/")), PlotData.logdirs(List.of(data + "/"), null, null));
        String none =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PlotData.logdirs(List.of(data + "/zzz"), null, null))
                        .getMessage();
        assertEquals("no directory in " + data + " starts with 'zzz'", none);
    }

    @Test
    void curves_meanAndStdAcrossSeedsAfterSmoothing() {
        List<PlotData.Run> runs = PlotData.load(List.of(tmp.resolve("data/bench_e")), null, quiet);
        List<PlotData.Curve> curves =
                PlotData.curves(
                        runs,
                        "TotalEnvInteracts",
                        "Performance",
                        false,
                        3,
                        PlotData.Estimator.MEAN);
        assertEquals(1, curves.size());
        PlotData.Curve e = curves.get(0);
        // seed 0 smoothed: 1.5, 7/3, 14/3, 6; seed 10 smoothed: 3.5, 13/3, 4, 4
        assertEquals("e", e.label());
        assertArrayEquals(new double[] {1000, 2000, 3000, 4000}, e.x());
        assertArrayEquals(new double[] {2.5, 10 / 3.0, 13 / 3.0, 5}, e.y(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1 / 3.0, 1}, e.std(), 1e-12);
        assertArrayEquals(new int[] {2, 2, 2, 2}, e.runs());
    }

    @Test
    void curves_performanceIsTestReturnWhenLogged_countGivesOneCurvePerRun() {
        List<Path> dirs =
                PlotData.logdirs(List.of(tmp.resolve("data/bench_").toString()), null, null);
        List<PlotData.Run> runs = PlotData.load(dirs, null, quiet);
        List<PlotData.Curve> grouped =
                PlotData.curves(
                        runs,
                        "TotalEnvInteracts",
                        "Performance",
                        false,
                        1,
                        PlotData.Estimator.MEAN);
        assertEquals(List.of("e", "f"), grouped.stream().map(PlotData.Curve::label).toList());
        PlotData.Curve f = grouped.get(1);
        assertArrayEquals(new double[] {1000, 3000}, f.x()); // the NaN at 2000 is skipped
        assertArrayEquals(new double[] {5, 7}, f.y());
        assertArrayEquals(new double[] {0, 0}, f.std());

        List<PlotData.Curve> counted =
                PlotData.curves(
                        runs, "TotalEnvInteracts", "AverageEpRet", true, 1, PlotData.Estimator.MAX);
        assertEquals(
                List.of("e-0", "e-1", "f-2"), counted.stream().map(PlotData.Curve::label).toList());
        assertArrayEquals(new double[] {3, 4, 6, 2}, counted.get(1).y());

        List<PlotData.Curve> max =
                PlotData.curves(runs, "Epoch", "AverageEpRet", false, 1, PlotData.Estimator.MAX);
        assertArrayEquals(new double[] {3, 4, 6, 8}, max.get(0).y());
    }

    @Test
    void load_legendsReplaceExpNames_oneLegendPerLogdir() {
        List<Path> dirs = List.of(tmp.resolve("data/bench_e"), tmp.resolve("data/bench_f"));
        List<PlotData.Run> runs = PlotData.load(dirs, List.of("PPO", "SAC"), quiet);
        assertEquals(
                List.of("PPO", "PPO", "SAC"), runs.stream().map(PlotData.Run::condition).toList());
        String wrong =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PlotData.load(dirs, List.of("PPO"), quiet))
                        .getMessage();
        assertTrue(wrong.startsWith("-l: give one legend per log directory: 2 matched ("), wrong);
        assertTrue(wrong.endsWith("), 1 given"), wrong);
    }

    @Test
    void load_runWithoutConfigIsExp_missingColumnsNameTheFile() throws Exception {
        writeRun(tmp.resolve("data/other/x"), null, "Epoch\tLossPi", "0\t0.5");
        List<PlotData.Run> runs = PlotData.load(List.of(tmp.resolve("data/other")), null, quiet);
        assertEquals("exp", runs.get(0).condition());
        String missing =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PlotData.curves(
                                                runs,
                                                "TotalEnvInteracts",
                                                "LossPi",
                                                false,
                                                1,
                                                PlotData.Estimator.MEAN))
                        .getMessage();
        assertTrue(missing.startsWith("-x TotalEnvInteracts: no such column in "), missing);
        assertTrue(missing.endsWith("its columns: Epoch, LossPi"), missing);
        String perf =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PlotData.curves(
                                                runs,
                                                "Epoch",
                                                "Performance",
                                                false,
                                                1,
                                                PlotData.Estimator.MEAN))
                        .getMessage();
        assertTrue(perf.contains("has neither AverageTestEpRet nor AverageEpRet"), perf);
        assertThrows(
                IllegalArgumentException.class,
                () -> PlotData.load(List.of(tmp.resolve("data/other/x/none")), null, quiet));
    }

    @Test
    void estimator_parse() {
        assertEquals(PlotData.Estimator.MEDIAN, PlotData.Estimator.parse("median"));
        assertEquals(2.5, PlotData.Estimator.MEDIAN.apply(new double[] {4, 1, 2, 3}));
        assertEquals(
                "--est must be mean, median, max or min, got mode",
                assertThrows(IllegalArgumentException.class, () -> PlotData.Estimator.parse("mode"))
                        .getMessage());
    }
}
