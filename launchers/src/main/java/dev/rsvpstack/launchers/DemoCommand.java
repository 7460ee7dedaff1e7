package dev.rsvpstack.launchers;

import java.time.Duration;
import java.util.concurrent.Callable;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.rsvpstack.web.WebSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rsvp-stack demo}: the whole stack in this JVM, until SIGTERM or Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Runs the whole stack in one JVM on embedded defaults.",
        description = {"Runs the whole stack in one JVM on embedded defaults: CouchbaseMock, the RSVP simulator,",
                "the archiver and the web server. Prints the page's URL."})
final class DemoCommand implements Callable<Integer>, Validated {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    private static final int LATEST_LIMIT = 10;

    @Option(names = "--host", defaultValue = "${env:RSVP_WEB_HOST:-127.0.0.1}",
            description = "Address the web server binds (env RSVP_WEB_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:RSVP_WEB_PORT:-3000}",
            description = "Port of the page and its WebSocket (env RSVP_WEB_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rate", defaultValue = "${env:RSVP_SIM_RATE:-5}",
            description = "RSVPs per second from the simulator, 1 to 20000 (env RSVP_SIM_RATE; default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--poll-interval", defaultValue = "${env:RSVP_WEB_POLL_INTERVAL:-PT5S}",
            converter = DurationConverter.class,
            description = "How often the web server queries the latest RSVPs, ISO-8601 or like 5s/500ms "
                    + "(env RSVP_WEB_POLL_INTERVAL; default 5s).")
    Duration pollInterval;

    @Option(names = "--retention", defaultValue = "${env:RSVP_RETENTION:-1h}", converter = DurationConverter.class,
            description = "How long archived RSVPs live in the embedded Couchbase; 0s keeps them for ever "
                    + "(env RSVP_RETENTION; default 1h).")
    Duration retention;

    @Option(names = "--max-documents", defaultValue = "${env:RSVP_MOCK_MAX_DOCUMENTS:-20000}",
            description = "Most documents the embedded Couchbase keeps; beyond it the least recently written "
                    + "go (env RSVP_MOCK_MAX_DOCUMENTS; default ${DEFAULT-VALUE}).")
    int maxDocuments;

    @Option(names = "--stop-after", defaultValue = "${env:RSVP_SIM_STOP_AFTER:-0}",
            description = "The simulator stops after this many RSVPs; 0 never does (env RSVP_SIM_STOP_AFTER; "
                    + "default ${DEFAULT-VALUE}). For benchmarks that compress a day into minutes.")
    long stopAfter;

    private DemoSettings settings;

    @Override
    public void validate(Problems problems) {
        problems.check(() -> EmbeddedMock.require("demo"));
        settings = problems.check(() -> new DemoSettings(WebSettings.builder().host(host).port(port)
                .pollInterval(pollInterval).latestLimit(LATEST_LIMIT).build(), rate,
                retention, maxDocuments, stopAfter));
    }

    @Override
    public Integer call() throws InterruptedException {
        // CouchbaseMock has no cluster-wide config; the SDK says so at every start with a stack trace.
        ((Logger) LoggerFactory.getLogger("com.couchbase.core")).setLevel(Level.ERROR);
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        Demo demo = Demo.start(settings);
        lifecycle.closeOnShutdown(demo);
        LOG.info("rsvp-stack demo is up: open {} (Ctrl-C stops it)", demo.web().uri());
        return lifecycle.awaitExit();
    }
}
