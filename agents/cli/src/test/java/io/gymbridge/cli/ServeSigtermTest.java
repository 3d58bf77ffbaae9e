package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.Env;
import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.env.Step;
import io.gymbridge.grpc.RemoteEnv;
import io.gymbridge.grpc.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code gymbridge serve} in its own process, stopped with SIGTERM while a client is stepping: the
 * process drains and exits promptly, and the client sees only complete answers and then a clear
 * UNAVAILABLE, never a hang.
 */
class ServeSigtermTest {
    @Test
    void serve_sigtermWhileStepping_drainsAndExits() throws Exception {
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile("gymbridge-serve", ".err");
        Process p =
                new ProcessBuilder(
                                java,
                                "-cp",
                                classpath,
                                "io.gymbridge.cli.Main",
                                "serve",
                                "--port",
                                "0")
                        .redirectError(err.toFile())
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "server printed nothing; stderr: " + Files.readString(err));
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            String url = "grpc://127.0.0.1:" + m.group(1) + "/CartPole-v1";

            AtomicInteger steps = new AtomicInteger();
            CompletableFuture<EnvException> client =
                    CompletableFuture.supplyAsync(
                            () -> {
                                // a 5 s deadline: a step refused at the transport as the
                                // server goes (REFUSED_STREAM, then connection refused) is
                                // resent until its deadline, as after any lost connection
                                try (Env<Object, Object> env =
                                        RemoteEnv.open(
                                                EnvAddress.parse(url),
                                                Transport.STREAM,
                                                Duration.ofSeconds(5))) {
                                    env.reset(0);
                                    while (true) {
                                        Step<Object> s = env.step(steps.get() % 2);
                                        assertTrue(
                                                env.observationSpace().contains(s.observation()));
                                        steps.incrementAndGet();
                                        if (s.done()) {
                                            env.reset();
                                        }
                                    }
                                } catch (EnvException e) {
                                    return e;
                                }
                            });
            while (steps.get() < 500) {
                Thread.sleep(5);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server did not exit after SIGTERM");
            assertEquals(143, p.exitValue(), "exit status of a JVM stopped by SIGTERM");
            EnvException e = client.get(30, TimeUnit.SECONDS);
            assertTrue(
                    e.code() == EnvException.Code.UNAVAILABLE
                            || e.code() == EnvException.Code.CANCELLED,
                    e.toString());
            String stderr = Files.readString(err);
            assertTrue(stderr.contains("shutting down, draining"), stderr);
        } finally {
            p.destroyForcibly();
            new File(err.toString()).delete();
        }
    }
}
