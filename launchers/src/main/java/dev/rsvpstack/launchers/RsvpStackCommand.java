package dev.rsvpstack.launchers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code rsvp-stack} executable. The one place in the tree that exits the process.
 *
 * <p>Exit codes: 0 done; 1 failed at run time (the log says why); 2 bad command line or
 * configuration; 130/143 stopped by SIGINT/SIGTERM after a clean shutdown.
 */
@Command(name = "rsvp-stack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "The web stack of CoreOS in Action chapter 6, in Java.",
        subcommands = {DemoCommand.class, WebCommand.class, ArchiverCommand.class, SidekickCommand.class, SimCommand.class,
            CouchbaseMockCommand.class, ConfigReferenceCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed at run time; the log says why", "2:bad command line or configuration",
                "143:stopped by SIGTERM after a clean shutdown (130 for SIGINT)"})
public final class RsvpStackCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--log-level", defaultValue = "${env:RSVP_LOG_LEVEL:-INFO}", scope = CommandLine.ScopeType.INHERIT,
            description = "TRACE, DEBUG, INFO, WARN or ERROR (env RSVP_LOG_LEVEL; default ${DEFAULT-VALUE}).")
    void setLogLevel(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log-level must be TRACE, DEBUG, INFO, WARN or ERROR, was '" + level + "'");
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RsvpStackCommand()).execute(args));
    }
}
