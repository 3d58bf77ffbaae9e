package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.agents.LoadedPolicy;
import io.gymbridge.agents.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPolicyCommandTest {
    @TempDir Path tmp;

    /** Pushes left always; remembers how it was asked. */
    private static final class LeftPolicy implements Policy {
        final List<Boolean> deterministic = new ArrayList<>();
        boolean closed;

        @Override
        public Object act(Object observation, boolean det) {
            deterministic.add(det);
            return 0;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final LeftPolicy policy = new LeftPolicy();
    private final List<OptionalInt> asked = new ArrayList<>();

    private TestPolicyCommand command(String env) {
        return new TestPolicyCommand(
                (dir, epoch) -> {
                    asked.add(epoch);
                    return new LoadedPolicy(policy, env, epoch.orElse(7));
                });
    }

    private static List<Integer> lengths(String out) {
        List<Integer> lens = new ArrayList<>();
        Matcher m = Pattern.compile("Episode \\d+ \t EpRet [0-9.]+ \t EpLen (\\d+)").matcher(out);
        while (m.find()) {
            lens.add(Integer.parseInt(m.group(1)));
        }
        return lens;
    }

    @Test
    void testPolicy_printsEpisodesAndTheTable() {
        Captured.Result r =
                Captured.command(
                        command("CartPole-v1"), tmp.toString(), "-n", "3", "-d", "-l", "4");
        assertEquals(0, r.status(), r.out() + r.thrown());
        assertEquals(List.of(OptionalInt.of(4)), asked);
        assertEquals(3, lengths(r.out()).size(), r.out());
        assertTrue(
                r.out().contains("Loaded " + tmp + " (epoch 4); running in CartPole-v1"), r.out());
        assertTrue(r.out().contains("|    AverageEpRet |"), r.out());
        assertTrue(r.out().contains("|           EpLen |"), r.out());
        assertTrue(policy.deterministic.stream().allMatch(d -> d));
        assertTrue(policy.closed);
    }

    @Test
    void testPolicy_lenCutsEpisodes_envOverridesTheRecordedOne() {
        Captured.Result r =
                Captured.command(
                        command("Nope-v0"),
                        tmp.toString(),
                        "-n",
                        "2",
                        "--len",
                        "3",
                        "--env",
                        "CartPole-v1");
        assertEquals(0, r.status(), r.out() + r.thrown());
        assertEquals(List.of(3, 3), lengths(r.out()));
        assertEquals(List.of(OptionalInt.empty()), asked);
        assertFalse(policy.deterministic.contains(true));
    }

    @Test
    void testPolicy_record_writesEveryFrameOfEveryEpisode() throws Exception {
        Path gif = tmp.resolve("out/cartpole.gif");
        Captured.Result r =
                Captured.command(
                        command("CartPole-v1"),
                        tmp.toString(),
                        "-n",
                        "2",
                        "--record",
                        gif.toString());
        assertEquals(0, r.status(), r.out() + r.thrown());
        int frames = lengths(r.out()).stream().mapToInt(n -> n + 1).sum();
        assertTrue(r.out().contains("Recorded " + frames + " frames to " + gif), r.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(frames, reader.getNumImages(true));
            assertEquals(600, reader.read(0).getWidth());
        }
    }

    @Test
    void testPolicy_badOptions_oneLineBeforeLoadingAnything() {
        String dir = tmp.toString();
        assertError("--record: MP4 is not supported", "test-policy", dir, "--record", "a.mp4");
        assertError(
                "--record: give a .gif file, got a.png", "test-policy", dir, "--record", "a.png");
        assertError(
                "--record needs rendering: drop -nr",
                "test-policy",
                dir,
                "-nr",
                "--record",
                "a.gif");
        assertError("-n must be at least 1, got 0", "test-policy", dir, "-n", "0");
        assertError(
                "no run directory " + tmp.resolve("nope"),
                "test-policy",
                tmp.resolve("nope").toString());
    }

    private static void assertError(String start, String... args) {
        Captured.Result r = Captured.main(args);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("gymbridge: " + start), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void printTable_asSpinningUpsLogger() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TestPolicyCommand.printTable(
                List.of(new double[] {500, 500}, new double[] {21.5, 21}, new double[] {9, 9}),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String dashes = "-".repeat(37);
        assertEquals(
                String.join(
                        "\n",
                        dashes,
                        "|    AverageEpRet |             177 |",
                        "|        StdEpRet |             229 |",
                        "|        MaxEpRet |             500 |",
                        "|        MinEpRet |               9 |",
                        "|           EpLen |             177 |",
                        dashes,
                        ""),
                bytes.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    @Test
    void formatG_likeCsPercentG() {
        assertEquals("500", TestPolicyCommand.formatG(500));
        assertEquals("9", TestPolicyCommand.formatG(9));
        assertEquals("21.5", TestPolicyCommand.formatG(21.456));
        assertEquals("1.23e+03", TestPolicyCommand.formatG(1234.5));
        assertEquals("0.1", TestPolicyCommand.formatG(0.1));
        assertEquals("1e-05", TestPolicyCommand.formatG(0.00001));
        assertEquals("-0.333", TestPolicyCommand.formatG(-1 / 3.0));
        assertEquals("0", TestPolicyCommand.formatG(0));
    }
}
