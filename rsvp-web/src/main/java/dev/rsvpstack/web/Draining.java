package dev.rsvpstack.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stopping web instance drains: it fails {@code /readyz}, withdraws its registration, then waits
 * until no new request has arrived for {@code quietPeriod} (the load balancer has let it go), at most
 * {@code timeout}, before it closes its WebSockets with 1001 (going away) and stops.
 *
 * @param quietPeriod how long without a new request counts as let go (default 1 s)
 * @param timeout     the longest wait (default 3 s), so that the whole stop stays within {@code docker stop}'s
 *                    10 s: the web's other closing steps take up to about 5.5 s when its servers hang
 */
public record Draining(Duration quietPeriod, Duration timeout) {
    /** The longest drain allowed (declared first: {@link #DEFAULT} is checked against it). */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(4);
    public static final Draining DEFAULT = new Draining(Duration.ofSeconds(1), Duration.ofSeconds(3));

    /**
     * @throws IllegalArgumentException naming the first invalid part
     */
    public Draining {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(timeout, "timeout");
        if (quietPeriod.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("drain times must not be negative, were " + quietPeriod + " and " + timeout);
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the drain timeout must be at most " + MAX_TIMEOUT.toSeconds()
                    + " s (the whole stop must fit in docker stop's 10 s), was " + timeout);
        }
        if (quietPeriod.compareTo(timeout) > 0) {
            throw new IllegalArgumentException("the drain's quiet period (" + quietPeriod
                    + ") must not exceed its timeout (" + timeout + ")");
        }
    }
}
