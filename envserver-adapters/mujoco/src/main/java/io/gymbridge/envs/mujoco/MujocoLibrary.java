package io.gymbridge.envs.mujoco;

import com.sun.jna.NativeLibrary;
import io.gymbridge.env.EnvException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MuJoCo library this process uses, found, checked and bound once.
 *
 * <p>Where it comes from: the directory in the system property {@code gymbridge.mujoco.home} or the
 * environment variable {@code MUJOCO_HOME} (an official release: {@code include/mujoco/*.h} and
 * {@code lib/libmujoco.so.X.Y.Z}), else Debian's packages ({@code libmujoco-dev} for the headers,
 * {@code libmujoco2.2.2} for the library). The shim {@code gbmujoco.c} is compiled against those
 * headers with gcc on first use and cached under {@code ~/.cache/gymbridge/mujoco} (keyed by the
 * shim, the headers and the library), so struct layouts always match the library.
 *
 * <p>Rendering: when OSMesa's header is installed ({@code /usr/include/GL/osmesa.h}, from Debian's
 * {@code libosmesa6-dev}), the shim is compiled with its offscreen renderer ({@code -DGB_OSMESA
 * -lOSMesa}); otherwise, or if that compilation fails, MuJoCo works without rendering and {@link
 * #renderingUnavailableReason} says why.
 *
 * <p>Versions: {@link #SUPPORTED} lists those whose envs were checked against Gymnasium's; another
 * version is refused with a message naming them. Supporting a version is adding it there once its
 * reference episodes pass.
 */
public final class MujocoLibrary {
    private static final Logger log = Logger.getLogger(MujocoLibrary.class.getName());

    /** The MuJoCo versions ({@code mj_version()}) gymbridge supports, with their names. */
    public static final Map<Integer, String> SUPPORTED = Map.of(222, "2.2.2");

    /** What to install when MuJoCo is missing. */
    public static final String INSTALL_HINT =
            "install Debian's MuJoCo (apt-get install libmujoco2.2.2 libmujoco-dev gcc) or point"
                    + " MUJOCO_HOME (or -Dgymbridge.mujoco.home) at an official release";

    /** What to install for offscreen rendering. */
    public static final String RENDER_HINT =
            "offscreen rendering needs OSMesa: apt-get install libosmesa6 libosmesa6-dev";

    private static final Path OSMESA_HEADER = Path.of("/usr/include/GL/osmesa.h");

    private static final Pattern HEADER_VERSION =
            Pattern.compile("#define\\s+mjVERSION_HEADER\\s+(\\d+)");

    private static volatile Object instance; // MujocoLibrary, or the EnvException why not

    private final int version;
    private final Path shim;
    private final String renderingUnavailable; // null when the shim renders

    private MujocoLibrary(int version, Path shim, String renderingUnavailable) {
        this.version = version;
        this.shim = shim;
        this.renderingUnavailable = renderingUnavailable;
    }

    /**
     * The bound library.
     *
     * @throws EnvException FAILED_PRECONDITION saying what is missing or unsupported
     */
    public static MujocoLibrary get() {
        Object found = instance;
        if (found == null) {
            synchronized (MujocoLibrary.class) {
                found = instance;
                if (found == null) {
                    try {
                        found = load();
                    } catch (EnvException e) {
                        found = e;
                    }
                    instance = found;
                }
            }
        }
        if (found instanceof EnvException e) {
            throw new EnvException(e.code(), e.description(), e);
        }
        return (MujocoLibrary) found;
    }

    /** Why MuJoCo cannot be used here, or empty if it can. */
    public static Optional<String> unavailableReason() {
        try {
            get();
            return Optional.empty();
        } catch (EnvException e) {
            return Optional.of(e.description());
        }
    }

    /** The library's {@code mj_version()}, e.g. 222. */
    public int version() {
        return version;
    }

    /** The version as MuJoCo writes it, e.g. {@code 2.2.2}. */
    public String versionName() {
        return SUPPORTED.get(version);
    }

    /** The compiled shim in use. */
    public Path shim() {
        return shim;
    }

    /** Why offscreen rendering cannot be used here (naming what to install), or empty if it can. */
    public Optional<String> renderingUnavailableReason() {
        return Optional.ofNullable(renderingUnavailable);
    }

    private static MujocoLibrary load() {
        Path home = home();
        Path include;
        Path lib;
        if (home != null) {
            include = home.resolve("include");
            lib = findLibrary(home.resolve("lib"));
        } else {
            include = Path.of("/usr/include");
            lib = findLibrary(Path.of("/usr/lib/x86_64-linux-gnu"));
            if (lib == null) {
                lib = findLibrary(Path.of("/usr/lib"));
            }
        }
        Path header = include.resolve("mujoco/mujoco.h");
        if (!Files.isRegularFile(header) || lib == null) {
            throw unavailable(
                    "MuJoCo not found (looked for "
                            + header
                            + (home != null ? " and " + home.resolve("lib") : " and libmujoco.so")
                            + ")");
        }
        requireSupported(header);
        String noRendering = null;
        Path shim;
        if (Files.isRegularFile(OSMESA_HEADER)) {
            try {
                shim = compile(include, lib, List.of("-DGB_OSMESA"), List.of("-lOSMesa"));
            } catch (EnvException e) {
                // rendering is optional: MuJoCo without it beats no MuJoCo
                noRendering = RENDER_HINT + " (compiling the shim with OSMesa failed)";
                log.warning(noRendering + ": " + e.description());
                shim = compile(include, lib, List.of(), List.of());
            }
        } else {
            noRendering = RENDER_HINT + " (" + OSMESA_HEADER + " is missing)";
            shim = compile(include, lib, List.of(), List.of());
        }
        Shim.bind(NativeLibrary.getInstance(shim.toString()));
        int[] headerOut = new int[1];
        int libraryVersion = Shim.gb_init(headerOut);
        if (libraryVersion != headerOut[0]) {
            throw unavailable(
                    "the MuJoCo library "
                            + lib
                            + " is version "
                            + libraryVersion
                            + " but its headers are "
                            + headerOut[0]);
        }
        Path bound = lib;
        Path used = shim;
        log.fine(() -> "MuJoCo " + libraryVersion + " from " + bound + " through " + used);
        return new MujocoLibrary(libraryVersion, shim, noRendering);
    }

    private static Path home() {
        String h = System.getProperty("gymbridge.mujoco.home");
        if (h == null || h.isBlank()) {
            h = System.getenv("MUJOCO_HOME");
        }
        return h == null || h.isBlank() ? null : Path.of(h);
    }

    /** libmujoco.so in {@code dir}, or its versioned name; null if there is none. */
    private static Path findLibrary(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path plain = dir.resolve("libmujoco.so");
        if (Files.exists(plain)) {
            return plain;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("libmujoco.so."))
                    .sorted()
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Checks the version of the MuJoCo headers at {@code header} against {@link #SUPPORTED}.
     *
     * @throws EnvException FAILED_PRECONDITION naming the version found and the supported ones
     */
    static void requireSupported(Path header) {
        int headerVersion = headerVersion(header);
        if (!SUPPORTED.containsKey(headerVersion)) {
            throw unavailable(
                    "MuJoCo "
                            + headerVersion
                            + " at "
                            + header
                            + " is not supported; supported: "
                            + SUPPORTED.values());
        }
    }

    private static int headerVersion(Path header) {
        try {
            Matcher m =
                    HEADER_VERSION.matcher(Files.readString(header, StandardCharsets.ISO_8859_1));
            if (!m.find()) {
                throw unavailable(header + " has no mjVERSION_HEADER: not a MuJoCo header");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw unavailable("cannot read " + header + ": " + e.getMessage());
        }
    }

    /**
     * The shim compiled against {@code include} and linked to {@code lib}, from the cache.
     *
     * @param defines extra {@code -D} flags
     * @param libraries extra {@code -l} flags
     */
    private static Path compile(
            Path include, Path lib, List<String> defines, List<String> libraries) {
        byte[] source = shimSource();
        Path header = include.resolve("mujoco/mujoco.h");
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source);
            sha.update(Files.readAllBytes(header));
            sha.update(Files.readAllBytes(include.resolve("mujoco/mjxmacro.h")));
            sha.update(lib.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            sha.update((defines + " " + libraries).getBytes(StandardCharsets.UTF_8));
            key = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw unavailable("cannot read the MuJoCo headers in " + include + ": " + e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = cacheDir().resolve(key);
        Path out = dir.resolve("libgbmujoco.so");
        if (Files.isRegularFile(out)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            Path src = Files.createTempFile(dir, "gbmujoco", ".c");
            Path tmp = Files.createTempFile(dir, "libgbmujoco", ".so.tmp");
            Files.write(src, source);
            Path libDir = lib.toAbsolutePath().getParent();
            List<String> cmd = new ArrayList<>();
            cmd.addAll(List.of("gcc", "-O2", "-shared", "-fPIC", "-I" + include));
            cmd.addAll(defines);
            cmd.addAll(List.of("-o", tmp.toString(), src.toString()));
            cmd.addAll(List.of("-L" + libDir, "-l:" + lib.getFileName(), "-Wl,-rpath," + libDir));
            cmd.addAll(libraries);
            cmd.add("-lm");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(src);
                Files.deleteIfExists(tmp);
                throw unavailable("compiling the MuJoCo shim failed: " + output.strip());
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(src);
            return out;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("gcc")) {
                throw unavailable("gcc is needed to compile the MuJoCo shim: " + e.getMessage());
            }
            throw unavailable("cannot compile the MuJoCo shim into " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while compiling the MuJoCo shim");
        }
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gymbridge").resolve("mujoco");
    }

    private static byte[] shimSource() {
        try (InputStream in = MujocoLibrary.class.getResourceAsStream("native/gbmujoco.c")) {
            if (in == null) {
                throw new IllegalStateException("the shim source native/gbmujoco.c is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EnvException unavailable(String why) {
        return EnvException.failedPrecondition(why + ": " + INSTALL_HINT);
    }
}
