package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The counters behind {@link SessionStats}; LongAdders because every request bumps some. */
public final class Counters {
    final LongAdder created = new LongAdder();
    final LongAdder rejectedCookies = new LongAdder();
    final LongAdder missingSessions = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder skippedWrites = new LongAdder();
    final LongAdder touches = new LongAdder();
    final LongAdder storeFailures = new LongAdder();
    final LongAdder oversized = new LongAdder();

    public SessionStats snapshot(LongSupplier malformedRecords) {
        return new SessionStats(created.sum(), rejectedCookies.sum(), missingSessions.sum(),
                malformedRecords.getAsLong(), writes.sum(), skippedWrites.sum(), touches.sum(), storeFailures.sum(),
                oversized.sum());
    }
}
