package io.gymbridge.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the agents module, checked on its sources: no algorithm package uses another (what
 * they share lives in the shared packages), and the shared packages use no algorithm.
 */
class PackageDependenciesTest {
    private static final Path ROOT = Path.of("src/main/java/io/gymbridge/agents");
    private static final List<String> ALGORITHMS =
            List.of("ppo", "vpg", "trpo", "ddpg", "td3", "sac");
    private static final List<String> SHARED =
            List.of(
                    "buffers",
                    "checkpoints",
                    "config",
                    "distributions",
                    "djl",
                    "logging",
                    "nn",
                    "rollout",
                    "seeding",
                    "session");
    private static final Pattern USE = Pattern.compile("io\\.gymbridge\\.agents\\.(\\w+)\\.");

    @Test
    void algorithmPackages_useNoOtherAlgorithm() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String algo : ALGORITHMS) {
            for (String used : packagesUsed(algo)) {
                if (ALGORITHMS.contains(used) && !used.equals(algo)) {
                    violations.add(algo + " uses " + used);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void sharedPackages_useNoAlgorithm_andExist() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String shared : SHARED) {
            assertTrue(Files.isDirectory(ROOT.resolve(shared)), "package " + shared);
            for (String used : packagesUsed(shared)) {
                if (ALGORITHMS.contains(used)) {
                    violations.add(shared + " uses " + used);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The agents' packages that the sources of {@code pkg} name (imports and qualified names). */
    private static List<String> packagesUsed(String pkg) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        assertTrue(Files.isDirectory(ROOT.resolve(pkg)), "no package " + pkg);
        return out;
    }
}
