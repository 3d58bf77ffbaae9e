package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoggerKwargsTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2019-01-30T08:05:09Z"), ZoneOffset.UTC);

    @Test
    void setup_withoutSeed_isDataDirSlashExpName() {
        assertEquals(
                new LoggerKwargs(Path.of("data/exp"), "exp"),
                LoggerKwargs.setup("exp", null, null, false, CLOCK));
    }

    @Test
    void setup_withSeed_addsTheSeedFolder() {
        assertEquals(
                Path.of("out/exp/exp_s3"),
                LoggerKwargs.setup("exp", 3L, Path.of("out"), false, CLOCK).outputDir());
    }

    @Test
    void setup_withDatestamp_prefixesDateAndTime() {
        assertEquals(
                Path.of("data/2019-01-30_exp/2019-01-30_08-05-09-exp_s0"),
                LoggerKwargs.setup("exp", 0L, null, true, CLOCK).outputDir());
        assertEquals(
                Path.of("data/2019-01-30_exp"),
                LoggerKwargs.setup("exp", null, null, true, CLOCK).outputDir());
    }
}
