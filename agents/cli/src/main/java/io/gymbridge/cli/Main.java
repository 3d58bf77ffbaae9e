package io.gymbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./gymbridge} command: one entry point, a subcommand per job. */
@Command(
        name = "gymbridge",
        mixinStandardHelpOptions = true,
        version = "gymbridge 0.1.0",
        description = "Gym-compatible environment servers and clients for Java.",
        subcommands = {
            ServeCommand.class,
            EnvsCommand.class,
            CheckCommand.class,
            EstopCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            RunCommand.class,
            PlotCommand.class,
            TestPolicyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints one clear line for expected failures instead of a stack trace. */
    private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            if (e instanceof io.gymbridge.env.EnvException
                    || e instanceof IllegalArgumentException
                    || e instanceof io.gymbridge.agents.Diverged
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("gymbridge: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("gymbridge: unexpected error: " + e);
            e.printStackTrace(cmd.getErr());
            return 70;
        }
    }
}
