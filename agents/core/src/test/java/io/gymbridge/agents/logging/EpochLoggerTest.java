package io.gymbridge.agents.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** progress.txt, the printed table and config.json, as Spinning Up writes them. */
class EpochLoggerTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static void epoch(EpochLogger logger, int epoch, double... rets) {
        logger.store("EpRet", rets);
        logger.store("LossPi", 0.25);
        logger.logTabular("Epoch", epoch);
        logger.logTabular("EpRet", true, false);
        logger.logTabular("LossPi", false, true);
        logger.logTabular("TotalEnvInteracts", (long) (epoch + 1) * 4000);
        logger.logTabular("Time", 1.5 * (epoch + 1));
        logger.dumpTabular();
    }

    @Test
    void dumpTabular_writesHeaderThenTabSeparatedRowsInLogOrder() throws Exception {
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            epoch(logger, 0, 1, 2, 3, 4);
            epoch(logger, 1, 10);
        }
        List<String> lines = Files.readAllLines(dir.resolve("progress.txt"));
        assertEquals(
                "Epoch\tAverageEpRet\tStdEpRet\tMaxEpRet\tMinEpRet\tLossPi\tTotalEnvInteracts\tTime",
                lines.get(0));
        assertEquals("0\t2.5\t1.118033988749895\t4.0\t1.0\t0.25\t4000\t1.5", lines.get(1));
        assertEquals("1\t10.0\t0.0\t10.0\t10.0\t0.25\t8000\t3.0", lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void dumpTabular_printsSpinningUpsTable() {
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            for (int i = 0; i < 10; i++) {
                logger.store("Test", i);
            }
            logger.logTabular("Test", true, false);
            logger.dumpTabular();
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        String expected =
                String.join(
                        "\n",
                        "-------------------------------------",
                        "|     AverageTest |             4.5 |",
                        "|         StdTest |            2.87 |",
                        "|         MaxTest |               9 |",
                        "|         MinTest |               0 |",
                        "-------------------------------------");
        assertTrue(table.contains(expected), table);
    }

    @Test
    void logTabular_noValues_givesNanAndInfinities() throws Exception {
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            logger.logTabular("EpRet", true, false);
            logger.dumpTabular();
        }
        assertEquals("nan\tnan\t-inf\tinf", Files.readAllLines(dir.resolve("progress.txt")).get(1));
    }

    @Test
    void logTabular_newKeyAfterFirstRow_throws() {
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            logger.logTabular("Epoch", 0);
            logger.dumpTabular();
            assertThrows(IllegalStateException.class, () -> logger.logTabular("Other", 1.0));
        }
    }

    @Test
    void resume_dropsRowsAfterCheckpointAndAppends() throws Exception {
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            for (int e = 0; e < 4; e++) {
                epoch(logger, e, e);
            }
        }
        // the checkpoint is after epoch 1: epochs 2 and 3 run again
        try (EpochLogger logger = EpochLogger.resume(dir, 1, out, false)) {
            epoch(logger, 2, 20);
        }
        List<String> lines = Files.readAllLines(dir.resolve("progress.txt"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("Epoch\t"));
        assertTrue(lines.get(1).startsWith("0\t"));
        assertTrue(lines.get(2).startsWith("1\t"));
        assertTrue(lines.get(3).startsWith("2\t20.0\t"), lines.get(3));
    }

    @Test
    void saveConfig_writesSortedIndentedJsonWithTabs() throws Exception {
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("seed", 0).put("pi_lr", 3e-4).put("exp_name", "x");
        config.putObject("ac_kwargs").putArray("hidden_sizes").add(64).add(64);
        try (EpochLogger logger = EpochLogger.create(dir, out, false)) {
            logger.saveConfig(config);
        }
        String expected =
                "{\n"
                        + "    \"ac_kwargs\":\t{\n"
                        + "        \"hidden_sizes\":\t[\n"
                        + "            64,\n"
                        + "            64\n"
                        + "        ]\n"
                        + "    },\n"
                        + "    \"exp_name\":\t\"x\",\n"
                        + "    \"pi_lr\":\t0.0003,\n"
                        + "    \"seed\":\t0\n"
                        + "}";
        assertEquals(expected, Files.readString(dir.resolve("config.json")));
    }
}
