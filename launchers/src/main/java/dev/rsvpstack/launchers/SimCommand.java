package dev.rsvpstack.launchers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code rsvp-stack sim}: the RSVP stream that stands in for Meetup's retired one. */
@Command(name = "sim", mixinStandardHelpOptions = true, header = "Streams Meetup-shaped RSVPs over a WebSocket.",
        description = "Streams Meetup-shaped RSVPs over a WebSocket at /2/rsvps, honouring ?since_mtime=. GET /status"
                + " answers JSON: connections open, the most at once, overlap (ms with two or more open) and refusals.")
final class SimCommand implements Callable<Integer>, Validated {
    private static final Logger LOG = LoggerFactory.getLogger(SimCommand.class);

    @Option(names = "--host", defaultValue = "${env:RSVP_SIM_HOST:-127.0.0.1}",
            description = "Address to bind (env RSVP_SIM_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:RSVP_SIM_PORT:-8090}",
            description = "Port (env RSVP_SIM_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--rate", defaultValue = "${env:RSVP_SIM_RATE:-5}",
            description = "RSVPs per second, 1 to 20000 (env RSVP_SIM_RATE; default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--history", defaultValue = "${env:RSVP_SIM_HISTORY:-10000}",
            description = "RSVPs kept for ?since_mtime= replays (env RSVP_SIM_HISTORY; default ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--strict", defaultValue = "${env:RSVP_SIM_STRICT:-false}", fallbackValue = "true", arity = "0..1",
            description = "Refuse a second concurrent stream connection at the upgrade (HTTP 409), as Meetup's stream"
                    + " did; /status counts refusals (env RSVP_SIM_STRICT; default ${DEFAULT-VALUE}).")
    boolean strict;

    @Option(names = "--client-timeout", defaultValue = "${env:RSVP_SIM_CLIENT_TIMEOUT:-0s}",
            converter = DurationConverter.class,
            description = "Drop a client that answered no ping for this long (pings every quarter of it), as a server"
                    + " drops a frozen peer; 0s never does (env RSVP_SIM_CLIENT_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration clientTimeout;

    private SimulatorSettings settings;

    @Override
    public void validate(Problems problems) {
        settings = problems.check(() -> new SimulatorSettings(host, port, rate, history, 0, strict, clientTimeout));
    }

    @Override
    public Integer call() throws InterruptedException {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        RsvpSimulator simulator = RsvpSimulator.start(settings,
                new RsvpGenerator(new ObjectMapper(), Clock.systemUTC(), System.nanoTime(), System.currentTimeMillis()));
        lifecycle.closeOnShutdown(simulator);
        LOG.info("rsvp-stack sim is streaming at {} (status at {})", simulator.uri(), simulator.statusUri());
        return lifecycle.awaitExit();
    }
}
