package dev.rsvpstack.launchers;

import ch.qos.logback.classic.Level;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code rsvp-stack} executable. The one place in the tree that exits the process; the exit
 * codes are {@link ExitCodes}.
 */
@Command(name = "rsvp-stack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "The web stack of CoreOS in Action chapter 6, in Java.",
        subcommands = {DemoCommand.class, WebCommand.class, ArchiverCommand.class, SidekickCommand.class,
            LbSyncCommand.class, SimCommand.class,
            StatusCommand.class, CouchbaseMockCommand.class, ConfigReferenceCommand.class,
            AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {})
public final class RsvpStackCommand {
    @Option(names = "--log-level", defaultValue = "${env:RSVP_LOG_LEVEL:-INFO}", scope = CommandLine.ScopeType.INHERIT,
            description = "TRACE, DEBUG, INFO, WARN or ERROR (env RSVP_LOG_LEVEL; default ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "${env:RSVP_LOG_FORMAT:-text}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "text, or json: one JSON object per line for log pipelines (env RSVP_LOG_FORMAT; "
                    + "default ${DEFAULT-VALUE}).")
    String logFormat;

    static Level parseLevel(String level) {
        Level parsed = level == null ? null : Level.toLevel(level, null);
        if (parsed == null) {
            throw new IllegalArgumentException("--log-level must be TRACE, DEBUG, INFO, WARN or ERROR, was '"
                    + level + "'");
        }
        return parsed;
    }

    public static void main(String[] args) {
        System.exit(Execution.commandLine().execute(args));
    }
}
