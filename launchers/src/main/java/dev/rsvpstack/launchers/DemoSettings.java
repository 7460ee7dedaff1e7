package dev.rsvpstack.launchers;

import java.time.Duration;
import java.util.Objects;

/**
 * The demo's few knobs, validated once at start.
 *
 * @param host          where the web server listens
 * @param port          the web server's port
 * @param ratePerSecond how many RSVPs per second the simulator streams
 * @param pollInterval  how often the web server queries the latest RSVPs
 */
public record DemoSettings(String host, int port, int ratePerSecond, Duration pollInterval) {
    public DemoSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }
}
