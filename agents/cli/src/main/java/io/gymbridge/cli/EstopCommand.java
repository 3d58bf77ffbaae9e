package io.gymbridge.cli;

import io.gymbridge.env.EnvAddress;
import io.gymbridge.env.EnvException;
import io.gymbridge.grpc.EmergencyStops;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gymbridge estop URL}: an emergency stop of one session or every session of the caller. */
@Command(
        name = "estop",
        mixinStandardHelpOptions = true,
        description = {
            "Emergency stop: every session of the caller on the server of URL (or --session ID) is"
                    + " stopped at once. Their envs' emergency-stop hooks (a robot's brakes) are"
                    + " called, and their steps are refused until a Reset. Idempotent.",
            "URL: grpc://HOST:PORT or grpcs://HOST:PORT[?ca_file=...&cert_file=...&key_file=...&"
                    + "token_file=...], an env path after the port is ignored. The caller is the"
                    + " token's name or the client certificate's subject, as for the sessions."
        })
final class EstopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "The server.")
    String url;

    @Option(
            names = "--session",
            paramLabel = "ID",
            description = "Stop only this session (default: every session of the caller).")
    String session = "";

    @Option(
            names = "--all-callers",
            description =
                    "Stop every session of every caller (the server's operators only: serve"
                            + " --operator).")
    boolean allCallers;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, for the sessions' fault and the server's log.")
    String reason = "";

    @Option(
            names = "--timeout-seconds",
            defaultValue = "5",
            paramLabel = "S",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds = 5;

    @Override
    public Integer call() {
        EnvAddress address;
        try {
            address = EnvAddress.parse(withEnvPath(url));
        } catch (EnvException | IllegalArgumentException e) {
            System.err.println("gymbridge estop: " + e.getMessage());
            return 2;
        }
        try {
            int n =
                    EmergencyStops.stop(
                            address,
                            session,
                            reason,
                            allCallers,
                            Duration.ofMillis((long) (timeoutSeconds * 1000)));
            System.out.println("stopped " + n + " session(s) on " + address.authority());
            return 0;
        } catch (EnvException e) {
            System.err.println("gymbridge estop: " + e.getMessage());
            return 1;
        }
    }

    /** The URL with an env path if it has none, which the address grammar wants. */
    private static String withEnvPath(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int query = url.indexOf('?');
        String head = query < 0 ? url : url.substring(0, query);
        String tail = query < 0 ? "" : url.substring(query);
        return head.indexOf('/', scheme + 3) < 0 ? head + "/estop" + tail : url;
    }
}
