package dev.rsvpstack.archiver;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the archiver reads and how it reconnects.
 *
 * @param source         the RSVP stream, for example {@code ws://127.0.0.1:8090/2/rsvps}
 * @param reconnectDelay how long to wait before connecting again after the stream dropped
 */
public record ArchiverSettings(URI source, Duration reconnectDelay) {
    public ArchiverSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        if (!"ws".equals(source.getScheme()) && !"wss".equals(source.getScheme())) {
            throw new IllegalArgumentException("the RSVP source must be a ws:// or wss:// URI, was " + source);
        }
        if (reconnectDelay.isNegative() || reconnectDelay.isZero()) {
            throw new IllegalArgumentException("reconnectDelay must be positive, was " + reconnectDelay);
        }
    }

    /** Reconnects after 1 s. */
    public static ArchiverSettings of(URI source) {
        return new ArchiverSettings(source, Duration.ofSeconds(1));
    }
}
