package dev.rsvpstack.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How changes are folded before a listener hears of them. A change after a quiet period (nothing
 * delivered for {@code quietPeriod}) is delivered at once; changes within the quiet period after a
 * delivery wait until the key has been quiet for {@code quietPeriod}, but never longer than
 * {@code maxWait} after the first of them. So a lone move is applied at once, 20 changes in a second
 * cause at most two reconfigurations, and a key flapping forever gets one every {@code maxWait}.
 *
 * @param quietPeriod how long no further change must arrive
 * @param maxWait     the longest a change waits to be delivered
 */
public record Debounce(Duration quietPeriod, Duration maxWait) {
    /** The first change after a quiet second at once, then 1 s quiet, 5 s at most. */
    public static final Debounce DEFAULT = new Debounce(Duration.ofSeconds(1), Duration.ofSeconds(5));
    /** Every change is delivered at once. */
    public static final Debounce OFF = new Debounce(Duration.ZERO, Duration.ZERO);

    public Debounce {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(maxWait, "maxWait");
        if (quietPeriod.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("debounce durations must not be negative");
        }
        if (maxWait.compareTo(quietPeriod) < 0) {
            throw new IllegalArgumentException(
                    "maxWait (" + maxWait + ") must not be shorter than quietPeriod (" + quietPeriod + ")");
        }
    }

    public boolean isOff() {
        return quietPeriod.isZero() && maxWait.isZero();
    }
}
