package dev.rsvpstack.launchers;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up logging once the command line is parsed: level, format (text or JSON, one event per line
 * either way) and stream, by re-reading logback.xml with those values. java.util.logging (gRPC under
 * jetcd uses it) is routed through SLF4J, so its events share the format.
 */
final class Logging {
    enum Format { TEXT, JSON }

    private Logging() {
    }

    static Format parseFormat(String value) {
        try {
            return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--log-format must be text or json, was '" + value + "'");
        }
    }

    /**
     * @param toStderr for subcommands whose stdout is their result ({@code status}), so a script
     *                 reading it sees no log lines
     */
    static void configure(String level, Format format, boolean toStderr) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL config = Logging.class.getClassLoader().getResource("logback.xml");
        if (config == null) {
            return;
        }
        context.reset();
        context.putProperty("RSVP_LOG_LEVEL", level.toUpperCase(Locale.ROOT));
        context.putProperty("RSVP_LOG_FORMAT", format.name().toLowerCase(Locale.ROOT));
        context.putProperty("RSVP_LOG_TARGET", toStderr ? "System.err" : "System.out");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml is broken: " + e.getMessage(), e);
        }
    }
}
