package dev.rsvpstack.archiver.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter between a floor and a ceiling: reconnecting clients spread
 * out instead of hammering a recovering server in step. Not thread-safe.
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private int attempt;

    public Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The next delay: min × 2^attempt capped at max, then a random point between min and that. */
    public Duration next() {
        long ceiling = Math.min(max.toMillis(), min.toMillis() << Math.min(attempt, 20));
        attempt++;
        long delay = min.toMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - min.toMillis() + 1));
        return Duration.ofMillis(Math.min(delay, max.toMillis()));
    }

    public void reset() {
        attempt = 0;
    }
}
