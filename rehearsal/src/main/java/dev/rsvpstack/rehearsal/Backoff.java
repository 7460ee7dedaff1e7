package dev.rsvpstack.rehearsal;

import java.util.function.DoubleSupplier;

/**
 * The page's reconnect delay (rsvp-web's app.js): 1 s doubling to 5 s at most, ±50 %, never under
 * 1 s or over 5 s. The random source is given so that a test can pin it.
 */
final class Backoff {
    private static final double FIRST_MS = 1000;
    private static final double MAX_MS = 5000;

    private Backoff() {
    }

    /** The delay before attempt {@code attempt} (0 for the first after a close). */
    static long delayMillis(int attempt, DoubleSupplier random) {
        double base = Math.min(MAX_MS, FIRST_MS * Math.pow(2, attempt));
        double deviation = random.getAsDouble() * 0.5 * base;
        double delay = random.getAsDouble() < 0.5 ? base - deviation : base + deviation;
        return (long) Math.max(FIRST_MS, Math.min(MAX_MS, delay));
    }
}
