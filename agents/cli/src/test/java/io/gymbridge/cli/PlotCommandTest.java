package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code ./gymbridge plot} end to end: the files it writes. */
class PlotCommandTest {
    @TempDir Path tmp;

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
    };

    @Test
    void plot_twoRuns_writesValidPngAndSvgPerValue() throws Exception {
        String h = "Epoch\tAverageEpRet\tTotalEnvInteracts\tLossPi";
        PlotDataTest.writeRun(
                tmp.resolve("data/ex/ex_s0"),
                "ex",
                h,
                "0\t1\t1000\t0.5",
                "1\t2\t2000\t0.4",
                "2\t4\t3000\t0.3");
        PlotDataTest.writeRun(
                tmp.resolve("data/ex/ex_s10"),
                "ex",
                h,
                "0\t3\t1000\t0.5",
                "1\t4\t2000\t0.2",
                "2\t6\t3000\t0.1");
        Path out = tmp.resolve("plots");
        Captured.Result r =
                Captured.main(
                        "plot",
                        tmp.resolve("data/ex").toString(),
                        "-s",
                        "2",
                        "-y",
                        "Performance",
                        "LossPi",
                        "-o",
                        out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(
                r.out()
                        .contains(
                                "Performance: 1 curve from 2 runs -> "
                                        + out.resolve("Performance.png")),
                r.out());
        for (String stem : new String[] {"Performance", "LossPi"}) {
            byte[] png = Files.readAllBytes(out.resolve(stem + ".png"));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
            BufferedImage image = ImageIO.read(out.resolve(stem + ".png").toFile());
            assertNotNull(image);
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document svg = f.newDocumentBuilder().parse(out.resolve(stem + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getNodeName());
            String text = Files.readString(out.resolve(stem + ".svg"));
            assertTrue(text.contains(">ex<"), "the legend names the experiment");
            assertTrue(text.contains(">TotalEnvInteracts<"), "the x axis names its column");
        }
    }

    @Test
    void plot_errors_oneLine() {
        Captured.Result r = Captured.main("plot", tmp.resolve("nothing/here").toString());
        assertEquals(2, r.status());
        assertTrue(
                r.err().startsWith("gymbridge: no directory " + tmp.resolve("nothing")), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Captured.Result est = Captured.main("plot", tmp.toString() + "/", "--est", "mode");
        assertTrue(
                est.err().startsWith("gymbridge: --est must be mean, median, max or min"),
                est.err());
    }
}
