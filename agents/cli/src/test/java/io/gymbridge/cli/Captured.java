package io.gymbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the CLI in this JVM with System.out and System.err captured. */
final class Captured {
    private Captured() {}

    /**
     * What a command did.
     *
     * @param status the exit status
     * @param out what it printed to System.out
     * @param err what it printed to System.err
     * @param thrown the exception a {@link #command} run ended with, or null
     */
    record Result(int status, String out, String err, Exception thrown) {}

    /** Runs {@code ./gymbridge args...} as Main does, error handler included. */
    static Result main(String... args) {
        return capture(() -> Main.run(args), new Exception[1]);
    }

    /** Runs one command object, keeping the exception it ends with instead of printing it. */
    static Result command(Object command, String... args) {
        Exception[] thrown = new Exception[1];
        return capture(
                () ->
                        new CommandLine(command)
                                .setExecutionExceptionHandler(
                                        (e, cmd, parsed) -> {
                                            thrown[0] = e;
                                            return 99;
                                        })
                                .execute(args),
                thrown);
    }

    private interface Body {
        int run();
    }

    private static Result capture(Body body, Exception[] thrown) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = body.run();
            return new Result(
                    status,
                    o.toString(StandardCharsets.UTF_8),
                    e.toString(StandardCharsets.UTF_8),
                    thrown[0]);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
