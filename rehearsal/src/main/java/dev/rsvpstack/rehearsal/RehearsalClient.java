package dev.rsvpstack.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The load and measuring side of bin/rehearse-failover, one job per sub-command:
 *
 * <pre>
 * load OUT_DIR LB_WS_URL CLIENTS SIM_WS_URL [--reconnect] [NAME=WS_URL ...]   (LoadCommand)
 * reconnect-stats EVENTS_LOG T0_MS                                            (ReconnectStats)
 * summary OUT_TSV OUT_REPORT FIGURES_TSV...                                   (SummaryCommand)
 * sessions-create URL COUNT OUT_FILE                                          (SessionsCommands)
 * sessions-locate COOKIE_FILE HOST:PORT,...                                   (SessionsCommands)
 * rsvps-check SIM_IDS VIEW_URL USER PASSWORD FROM_MS TO_MS [RETRY_SECONDS]    (RsvpsCheckCommand)
 * </pre>
 *
 * Exit status: 0 done, 2 usage; an exception (a broken rehearsal) exits 1 with its stack trace.
 */
public final class RehearsalClient {
    private static final String USAGE = "usage: rsvp-rehearsal load|reconnect-stats|summary|sessions-create|"
            + "sessions-locate|rsvps-check ARGS... (see RehearsalClient's javadoc)";

    private RehearsalClient() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        int needed = switch (command) {
            case "load" -> 5;
            case "reconnect-stats", "sessions-locate" -> 3;
            case "summary", "sessions-create" -> 4;
            case "rsvps-check" -> 7;
            default -> -1;
        };
        if (needed < 0 || args.length < needed) {
            System.err.println(USAGE);
            System.exit(2);
        }
        switch (command) {
            case "load" -> LoadCommand.run(args);
            case "reconnect-stats" -> System.out.println(ReconnectStats.of(Files.readAllLines(Path.of(args[1])),
                    Long.parseLong(args[2])));
            case "summary" -> SummaryCommand.run(Path.of(args[1]), Path.of(args[2]),
                    Arrays.stream(args, 3, args.length).map(Path::of).toList());
            case "sessions-create" -> SessionsCommands.create(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            case "sessions-locate" -> SessionsCommands.locate(Path.of(args[1]), args[2]);
            case "rsvps-check" -> RsvpsCheckCommand.run(Path.of(args[1]), args[2], args[3], args[4],
                    Long.parseLong(args[5]), Long.parseLong(args[6]), args.length > 7 ? Integer.parseInt(args[7]) : 0);
            default -> throw new IllegalStateException(command);
        }
    }
}
