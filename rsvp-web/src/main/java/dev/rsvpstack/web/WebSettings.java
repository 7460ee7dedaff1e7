package dev.rsvpstack.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How the web server listens and how often it looks for new RSVPs.
 *
 * @param host         the address to bind
 * @param port         the HTTP port (the page and the WebSocket share it); 0 picks a free one
 * @param pollInterval how often the one poller of this instance queries the latest RSVPs
 * @param latestLimit  how many RSVPs the page lists
 */
public record WebSettings(String host, int port, Duration pollInterval, int latestLimit) {
    /** The book's port. */
    public static final int DEFAULT_PORT = 3000;

    public WebSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.toMillis() < 100) {
            throw new IllegalArgumentException("pollInterval must be at least 100 ms, was " + pollInterval);
        }
        if (latestLimit < 1 || latestLimit > 1000) {
            throw new IllegalArgumentException("latestLimit must be 1 to 1000, was " + latestLimit);
        }
    }

    /** Polls every 5 s for the 10 latest RSVPs, as the book did. */
    public static WebSettings of(String host, int port) {
        return new WebSettings(host, port, Duration.ofSeconds(5), 10);
    }
}
