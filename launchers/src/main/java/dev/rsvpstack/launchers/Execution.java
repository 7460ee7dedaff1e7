package dev.rsvpstack.launchers;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the launcher runs a parsed command line: every problem of the command line and of the
 * settings in one message (then the usage), logging set up before anything logs, the version as
 * the first log line, and the failures an operator expects as one line with their exit code.
 */
final class Execution implements IExecutionStrategy, IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    /** Subcommands that print something and end; they log nothing, not even the version. */
    private static final Set<String> TOOLS = Set.of("help", "config-reference", "generate-completion");

    private final RsvpStackCommand root;

    private Execution(RsvpStackCommand root) {
        this.root = root;
    }

    /** The launcher's command line, set up as {@code main} runs it; tests run the same. */
    static CommandLine commandLine() {
        RsvpStackCommand root = new RsvpStackCommand();
        Execution execution = new Execution(root);
        CommandLine commandLine = new CommandLine(root);
        java.util.Map<String, String> exitCodes = new java.util.LinkedHashMap<>();
        for (String line : ExitCodes.DESCRIPTIONS) {
            exitCodes.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
        }
        commandLine.getCommandSpec().usageMessage().exitCodeList(exitCodes);
        collectErrors(commandLine);
        return commandLine
                .setExecutionStrategy(execution)
                .setExecutionExceptionHandler(execution)
                .setParameterExceptionHandler(execution);
    }

    /** Parse errors are collected, in every subcommand, so that {@link #execute} can name them all. */
    private static void collectErrors(CommandLine commandLine) {
        commandLine.getCommandSpec().parser().collectErrors(true);
        commandLine.getSubcommands().values().forEach(Execution::collectErrors);
    }

    @Override
    public int execute(ParseResult parseResult) {
        List<ParseResult> chain = chain(parseResult);
        ParseResult last = chain.get(chain.size() - 1);
        if (chain.stream().anyMatch(p -> p.isUsageHelpRequested() || p.isVersionHelpRequested())) {
            return new CommandLine.RunLast().execute(parseResult);
        }
        Problems problems = new Problems();
        chain.forEach(p -> p.errors().forEach(error -> problems.add(error.getMessage())));
        if (last == parseResult && parseResult.errors().isEmpty()) {
            problems.add("name a subcommand, e.g. 'rsvp-stack status' (see 'rsvp-stack --help')");
        }
        Logging.Format format = problems.check(() -> Logging.parseFormat(root.logFormat));
        problems.check(() -> RsvpStackCommand.parseLevel(root.logLevel));
        if (last.commandSpec().userObject() instanceof Validated command) {
            try {
                command.validate(problems);
            } catch (RuntimeException e) {
                if (problems.isEmpty()) {
                    throw e;
                } // else it tripped over an option picocli already reported
            }
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(last.commandSpec().commandLine(), problems.summary());
        }
        String name = last.commandSpec().name();
        if (!TOOLS.contains(name)) {
            Logging.configure(root.logLevel, format, last.commandSpec().userObject() instanceof StatusCommand);
            LOG.info("{}: {} starting", BuildInfo.current().describe(), name);
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private static List<ParseResult> chain(ParseResult parseResult) {
        java.util.ArrayList<ParseResult> chain = new java.util.ArrayList<>();
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            chain.add(p);
        }
        return chain;
    }

    /** Bad command line or settings: the message (naming every problem), then the usage, exit 2. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText(ex.getMessage()));
        commandLine.usage(err, commandLine.getColorScheme());
        err.flush();
        return ExitCodes.CONFIGURATION;
    }

    /** A failure while running: one line for the expected ones (stack trace at DEBUG), else the trace. */
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        return KnownFailures.classify(ex).map(known -> {
            LOG.error("{} failed: {}", commandLine.getCommandName(), known.message());
            LOG.debug("{} failed; the stack trace:", commandLine.getCommandName(), ex);
            return known.exitCode();
        }).orElseGet(() -> {
            LOG.error("{} failed", commandLine.getCommandName(), ex);
            return ExitCodes.FAILED;
        });
    }
}
