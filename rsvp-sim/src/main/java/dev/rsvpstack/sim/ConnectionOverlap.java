package dev.rsvpstack.sim;

/**
 * Counts the stream connections open at once and how long two or more were open together (the
 * "overlap"), the one thing Meetup's stream punished: it allowed one connection per address and
 * blacklisted an address that opened a second. In strict mode a second concurrent connection is
 * refused instead of admitted. Times are monotonic nanoseconds given by the caller, so a test can
 * drive it with a fake clock.
 *
 * <p>Observers (a test's or the rehearsal's own subscriber, which watches what was sent and is not a
 * consumer of the stream) are counted apart: they never start an overlap, are never refused, and
 * never make a consumer refused, so watching the upstream's rule does not break it.
 */
final class ConnectionOverlap {
    private int open;
    private int observers;
    private int maxConcurrent;
    private long overlapStartedNanos;
    private long overlapNanos;
    private long episodes;
    private long refused;

    /** What an {@link #open} or {@link #close} changed, for the caller's log. */
    enum Change { NONE, OVERLAP_STARTED, OVERLAP_ENDED, REFUSED }

    /** Admits a connection, or (strict, with one already open) refuses it. */
    synchronized Change open(long nowNanos, boolean strict) {
        if (strict && open >= 1) {
            refused++;
            return Change.REFUSED;
        }
        open++;
        maxConcurrent = Math.max(maxConcurrent, open);
        if (open == 2) {
            overlapStartedNanos = nowNanos;
            episodes++;
            return Change.OVERLAP_STARTED;
        }
        return Change.NONE;
    }

    /** Whether strict mode would refuse a connection now. */
    synchronized boolean wouldRefuse(boolean strict) {
        return strict && open >= 1;
    }

    /** Counts a refusal made before {@link #open} was reached (at the HTTP upgrade). */
    synchronized void refused() {
        refused++;
    }

    synchronized Change close(long nowNanos) {
        if (open == 0) {
            return Change.NONE;
        }
        open--;
        if (open == 1) {
            overlapNanos += nowNanos - overlapStartedNanos;
            return Change.OVERLAP_ENDED;
        }
        return Change.NONE;
    }

    /** Admits an observer: never refused, never part of an overlap. */
    synchronized void openObserver() {
        observers++;
    }

    synchronized void closeObserver() {
        if (observers > 0) {
            observers--;
        }
    }

    /** Observers open now. */
    synchronized int observers() {
        return observers;
    }

    /** Consumers (connections that are not observers) open now. */
    synchronized int openConnections() {
        return open;
    }

    synchronized int maxConcurrent() {
        return maxConcurrent;
    }

    /** Total time with two or more connections open, the running overlap included. */
    synchronized long overlapMillis(long nowNanos) {
        long total = overlapNanos + (open >= 2 ? nowNanos - overlapStartedNanos : 0);
        return total / 1_000_000;
    }

    /** How many times a second connection joined a first one. */
    synchronized long episodes() {
        return episodes;
    }

    synchronized long refusedCount() {
        return refused;
    }
}
