package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionStats;
import dev.rsvpstack.session.SessionStore;
import java.util.concurrent.atomic.LongAdder;

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

    public SessionStats snapshot(SessionStore store) {
        XMemcachedSessionStore memcached = store instanceof XMemcachedSessionStore m ? m : null;
        return new SessionStats(created.sum(), rejectedCookies.sum(), missingSessions.sum(),
                store.malformedRecords(), writes.sum(), skippedWrites.sum(), touches.sum(), storeFailures.sum(),
                oversized.sum(), memcached == null ? 0 : memcached.heirReads(),
                memcached == null ? 0 : memcached.heirWrites(), memcached == null ? 0 : memcached.heirFailures());
    }
}
