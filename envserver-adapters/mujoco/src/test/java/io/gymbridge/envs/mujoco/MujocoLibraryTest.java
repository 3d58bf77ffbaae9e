package io.gymbridge.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.EnvException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which MuJoCo libraries are bound, and what is said of the others. */
class MujocoLibraryTest {
    @TempDir Path dir;

    @Test
    void requireSupported_otherVersion_failedPreconditionNamingFoundAndSupported()
            throws Exception {
        Path header = dir.resolve("mujoco.h");
        Files.writeString(header, "// MuJoCo\n#define mjVERSION_HEADER 330\n");
        EnvException e =
                assertThrows(EnvException.class, () -> MujocoLibrary.requireSupported(header));
        assertEquals(EnvException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("MuJoCo 330"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: [2.2.2]"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
    }

    @Test
    void requireSupported_notAMujocoHeader_saysSo() throws Exception {
        Path header = dir.resolve("mujoco.h");
        Files.writeString(header, "int main;\n");
        EnvException e =
                assertThrows(EnvException.class, () -> MujocoLibrary.requireSupported(header));
        assertTrue(e.getMessage().contains("not a MuJoCo header"), e.getMessage());
    }

    @Test
    void get_installedDebianMujoco_isVersion222() {
        MujocoTesting.requireMujoco();
        assertEquals(222, MujocoLibrary.get().version());
        assertEquals("2.2.2", MujocoLibrary.get().versionName());
        assertTrue(Files.isRegularFile(MujocoLibrary.get().shim()));
    }
}
