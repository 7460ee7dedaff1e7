package dev.rsvpstack.launchers;

import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.web.WebSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The demo's knobs, validated once at start.
 *
 * @param web           where the web server listens and how often it polls
 * @param ratePerSecond how many RSVPs per second the simulator streams
 * @param retention     how long archived RSVPs live in the embedded Couchbase ({@link Duration#ZERO}: for ever)
 * @param maxDocuments  the embedded Couchbase's document bound; beyond it the least recently written go
 * @param stopAfter     the simulator stops after this many RSVPs (0: never), for benchmarks that compress time
 */
public record DemoSettings(WebSettings web, int ratePerSecond, Duration retention, int maxDocuments, long stopAfter) {
    public DemoSettings {
        Objects.requireNonNull(web, "web");
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be 0s (for ever) or positive, was " + retention);
        }
        if (stopAfter < 0) {
            throw new IllegalArgumentException("stop-after must be 0 (never) or positive, was " + stopAfter);
        }
        if (maxDocuments < 1000) {
            throw new IllegalArgumentException("max-documents must be at least 1000, was " + maxDocuments);
        }
        if (ratePerSecond < 1 || ratePerSecond > SimulatorSettings.MAX_RATE) {
            throw new IllegalArgumentException(
                    "rate must be 1 to " + SimulatorSettings.MAX_RATE + " RSVPs/s, was " + ratePerSecond);
        }
    }
}
