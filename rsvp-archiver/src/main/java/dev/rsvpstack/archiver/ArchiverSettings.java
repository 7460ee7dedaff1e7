package dev.rsvpstack.archiver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the archiver reads, stores and protects RSVPs. Build with {@link #builder(URI)}; every
 * value is checked at {@link Builder#build()}.
 *
 * @param source             the RSVP stream, for example {@code ws://127.0.0.1:8090/2/rsvps}
 * @param reconnectMin       the first reconnect delay (jittered, doubling)
 * @param reconnectMax       the longest reconnect delay
 * @param maxInFlight        upserts outstanding at once; beyond it the archiver stops reading (backpressure)
 * @param maxRetries         retries of a transient store failure before the store is presumed down
 * @param retryDelay         the first retry's delay (doubling)
 * @param storeTimeout       the longest one store attempt may take before it counts as failed
 * @param spoolDirectory     where RSVPs wait while the store is down, and where dead letters are kept
 * @param spoolCapBytes      the spool's cap; at the cap the archiver stops reading rather than drop
 * @param maxMessageBytes    a longer stream message is dead-lettered (Meetup's RSVPs were about 1 KB)
 * @param deadLetterCapBytes the dead-letter file's cap; past it dead letters are only counted
 * @param checkpointInterval how often the resume point is saved to the store
 * @param retention          how long an archived RSVP lives (Couchbase document expiry, set at each write);
 *                           {@link Duration#ZERO} keeps RSVPs for ever (the default)
 * @param shutdown           how long each step of a shutdown may take ({@link ShutdownTimeouts#DEFAULTS}: 8 s in all)
 */
public record ArchiverSettings(URI source, Duration reconnectMin, Duration reconnectMax, int maxInFlight,
                               int maxRetries, Duration retryDelay, Duration storeTimeout, Path spoolDirectory,
                               long spoolCapBytes,
                               int maxMessageBytes, long deadLetterCapBytes, Duration checkpointInterval,
                               Duration retention, ShutdownTimeouts shutdown) {
    public ArchiverSettings {
        Objects.requireNonNull(source, "source");
        if (!"ws".equals(source.getScheme()) && !"wss".equals(source.getScheme())) {
            throw new IllegalArgumentException("the RSVP source must be a ws:// or wss:// URI, was " + source);
        }
        positive(reconnectMin, "reconnectMin");
        positive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax must not be below reconnectMin");
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException("maxInFlight must be 1 to 100000, was " + maxInFlight);
        }
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be 0 to 20, was " + maxRetries);
        }
        positive(retryDelay, "retryDelay");
        positive(storeTimeout, "storeTimeout");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (spoolCapBytes < 1024 * 1024) {
            throw new IllegalArgumentException("spoolCapBytes must be at least 1 MiB, was " + spoolCapBytes);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        if (deadLetterCapBytes < 0) {
            throw new IllegalArgumentException("deadLetterCapBytes must not be negative");
        }
        positive(checkpointInterval, "checkpointInterval");
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be 0 (keep for ever) or positive, was " + retention);
        }
        if (!retention.isZero() && retention.compareTo(MIN_RETENTION) < 0) {
            // Couchbase expiry counts whole seconds: "500ms" would silently become "never" or "at once"
            throw new IllegalArgumentException("retention must be 0 (keep for ever) or at least " + MIN_RETENTION.toSeconds()
                    + " s, was " + retention);
        }
        Objects.requireNonNull(shutdown, "shutdown");
    }

    /** The shortest retention accepted, apart from 0 (for ever). */
    public static final Duration MIN_RETENTION = Duration.ofSeconds(1);

    /** Whether RSVPs expire at all. */
    public boolean expires() {
        return !retention.isZero();
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Defaults: reconnect 1 s to 30 s, 256 in flight, 2 retries from 200 ms, spool 256 MiB in {@code ./spool}. */
    public static Builder builder(URI source) {
        return new Builder(source);
    }

    /** All defaults; the spool in a fresh temporary directory (for the demo and tests). */
    public static ArchiverSettings of(URI source) {
        try {
            return builder(source).spoolDirectory(java.nio.file.Files.createTempDirectory("rsvp-archiver-spool"))
                    .build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary spool directory", e);
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private final URI source;
        private Duration reconnectMin = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private int maxInFlight = 256;
        private int maxRetries = 2;
        private Duration retryDelay = Duration.ofMillis(200);
        private Duration storeTimeout = Duration.ofSeconds(10);
        private Path spoolDirectory = Path.of("spool");
        private long spoolCapBytes = 256L * 1024 * 1024;
        private int maxMessageBytes = 64 * 1024;
        private long deadLetterCapBytes = 16L * 1024 * 1024;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Duration retention = Duration.ZERO;
        private ShutdownTimeouts shutdown = ShutdownTimeouts.DEFAULTS;

        private Builder(URI source) {
            this.source = source;
        }

        public Builder reconnect(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder retries(int maxRetries, Duration firstDelay) {
            this.maxRetries = maxRetries;
            this.retryDelay = firstDelay;
            return this;
        }

        /** The longest one store attempt may take (default 10 s, above the SDK's own 2.5 s KV timeout). */
        public Builder storeTimeout(Duration timeout) {
            this.storeTimeout = timeout;
            return this;
        }

        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = directory;
            return this;
        }

        public Builder spoolCapBytes(long capBytes) {
            this.spoolCapBytes = capBytes;
            return this;
        }

        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public Builder deadLetterCapBytes(long capBytes) {
            this.deadLetterCapBytes = capBytes;
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * How long archived RSVPs live: each document is written with this expiry (Couchbase removes it
         * then). {@link Duration#ZERO}, the default, keeps them for ever, as the book did.
         */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** How long each step of a shutdown may take; {@link ShutdownTimeouts#DEFAULTS} unless given. */
        public Builder shutdown(ShutdownTimeouts timeouts) {
            this.shutdown = timeouts;
            return this;
        }

        public ArchiverSettings build() {
            return new ArchiverSettings(source, reconnectMin, reconnectMax, maxInFlight, maxRetries, retryDelay,
                    storeTimeout, spoolDirectory, spoolCapBytes, maxMessageBytes, deadLetterCapBytes, checkpointInterval,
                    retention, shutdown);
        }
    }
}
