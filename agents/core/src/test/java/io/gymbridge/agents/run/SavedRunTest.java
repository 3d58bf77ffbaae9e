package io.gymbridge.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedRunTest {
    @TempDir Path tmp;

    @Test
    void read_flatSpinningUpConfig_typesOntoTheRecord() throws Exception {
        Files.writeString(
                tmp.resolve("config.json"),
                "{\"algo\":\"fake\",\"env_name\":\"CartPole-v1\",\"exp_name\":\"e\",\"seed\":7,"
                        + "\"epochs\":3,\"ac_kwargs\":{\"activation\":\"relu\"},\"logger_kwargs\":{},\"extra\":1}");
        SavedRun saved = SavedRun.read(tmp);
        assertEquals(Optional.of("fake"), saved.algo());
        assertEquals("CartPole-v1", saved.env());
        assertEquals("e", saved.expName());
        assertEquals(Optional.empty(), saved.engine());
        FakeAlgorithm.Config c = ConfigBinder.fromSaved(new FakeAlgorithm(), saved.config());
        assertEquals(7, c.seed());
        assertEquals(3, c.epochs());
        assertEquals(new FakeAlgorithm.AcKwargs(List.of(64, 64), "relu"), c.acKwargs());
    }

    @Test
    void read_nestedConfigObject_andDirNameAsExpName() throws Exception {
        Files.writeString(
                tmp.resolve("config.json"),
                "{\"env\":\"X\",\"engine\":\"PyTorch\",\"config\":{\"epochs\":9}}");
        SavedRun saved = SavedRun.read(tmp);
        assertEquals(Optional.of("PyTorch"), saved.engine());
        assertEquals(tmp.getFileName().toString(), saved.expName());
        assertEquals(9, ConfigBinder.fromSaved(new FakeAlgorithm(), saved.config()).epochs());
    }

    @Test
    void read_errorsSayWhatIsMissing() throws Exception {
        String missing =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SavedRun.read(tmp.resolve("nope")))
                        .getMessage();
        assertEquals("--resume: no run directory " + tmp.resolve("nope"), missing);
        String noConfig =
                assertThrows(IllegalArgumentException.class, () -> SavedRun.read(tmp)).getMessage();
        assertTrue(noConfig.contains("has no config.json"), noConfig);
        Files.writeString(tmp.resolve("config.json"), "{\"seed\":1}");
        String noEnv =
                assertThrows(IllegalArgumentException.class, () -> SavedRun.read(tmp)).getMessage();
        assertTrue(noEnv.endsWith("names no env (\"env\" or \"env_name\")"), noEnv);
    }
}
