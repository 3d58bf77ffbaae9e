package io.gymbridge.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python adapter ({@code python -m gymbridge_server}) as a subprocess of a test.
 *
 * <p>Needs a Python 3 that imports grpc, google.protobuf and numpy: {@code $GYMBRIDGE_PYTHON}, else
 * {@code python3}, else {@code /usr/bin/python3} (Debian's packages are seen only by the latter).
 * Without one, tests skip with a message saying how to get one, except under {@code CI=true}, where
 * they fail: a test that silently does not run proves nothing.
 */
final class PythonServer implements AutoCloseable {
    static final Path ADAPTER = findAdapter();

    private final Process process;
    private final Path stderr;
    final int port;

    private PythonServer(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts the server with {@code args} (besides {@code --port 0}) and {@code extraPythonPath}
     * added to PYTHONPATH; skips or fails the test as above if there is no usable Python.
     */
    static PythonServer start(List<String> extraPythonPath, String... args) throws IOException {
        String python = requirePython();
        List<String> command =
                new ArrayList<>(List.of(python, "-m", "gymbridge_server", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        List<String> path = new ArrayList<>();
        path.add(ADAPTER.resolve("src").toString());
        path.add(ADAPTER.resolve("tests").toString());
        path.addAll(extraPythonPath);
        pb.environment().put("PYTHONPATH", String.join(":", path));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Path err = Files.createTempFile("gymbridge-python", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m =
                line == null ? null : Pattern.compile("listening on [^ ]*:(\\d+)").matcher(line);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            Assertions.fail(
                    "the Python server did not start: " + line + "\n" + Files.readString(err));
        }
        return new PythonServer(p, err, Integer.parseInt(m.group(1)));
    }

    /** The target of a URL: {@code 127.0.0.1:port}. */
    String authority() {
        return "127.0.0.1:" + port;
    }

    /** What the server wrote to stderr so far. */
    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Stops the server with SIGTERM and returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }

    /** A Python that can run the adapter; skips (or fails in CI) if there is none. */
    static String requirePython() {
        Optional<String> python = findPython();
        String message =
                "no Python 3 with grpc, protobuf and numpy for the Python adapter tests;"
                        + " install them with: apt-get install python3-grpcio python3-protobuf python3-numpy"
                        + " (seen by /usr/bin/python3), or set GYMBRIDGE_PYTHON";
        if (python.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: this must not be skipped)");
            }
            Assumptions.abort(message);
        }
        return python.get();
    }

    private static volatile Optional<String> found;

    static Optional<String> findPython() {
        if (found == null) {
            List<String> candidates = new ArrayList<>();
            String configured = System.getenv("GYMBRIDGE_PYTHON");
            if (configured != null && !configured.isEmpty()) {
                candidates.add(configured);
            }
            candidates.add("python3");
            candidates.add("/usr/bin/python3");
            found = candidates.stream().filter(PythonServer::canRunAdapter).findFirst();
        }
        return found;
    }

    private static boolean canRunAdapter(String python) {
        try {
            Process p =
                    new ProcessBuilder(python, "-c", "import grpc, google.protobuf, numpy")
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Where real Gymnasium can be imported from for the optional Gymnasium tests: {@code
     * $GYMBRIDGE_GYMNASIUM_PATH} (a PYTHONPATH), or nothing if Gymnasium is not importable.
     */
    static Optional<List<String>> gymnasiumPath() {
        Optional<String> python = findPython();
        if (python.isEmpty()) {
            return Optional.empty();
        }
        String extra = System.getenv().getOrDefault("GYMBRIDGE_GYMNASIUM_PATH", "");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(python.get(), "-c", "import gymnasium")
                            .redirectErrorStream(true);
            if (!extra.isEmpty()) {
                pb.environment().put("PYTHONPATH", extra);
            }
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            return ok
                    ? Optional.of(extra.isEmpty() ? List.of() : List.of(extra.split(":")))
                    : Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    private static Path findAdapter() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("envserver-adapters/python"))) {
            dir = dir.getParent();
        }
        return dir == null
                ? Path.of("envserver-adapters/python")
                : dir.resolve("envserver-adapters/python");
    }
}
