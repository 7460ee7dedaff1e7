package dev.rsvpstack.discovery.internal;

/**
 * A monotonic clock in nanoseconds, as {@link System#nanoTime()}: leases are timed on it, never on
 * the wall clock, so a wall-clock jump (NTP, an operator) cannot stretch or shorten a lease. Tests
 * pass a fake one.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
