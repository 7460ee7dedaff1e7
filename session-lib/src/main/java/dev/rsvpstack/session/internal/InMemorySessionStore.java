package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in a map, for development, the demo and tests: the same merge rule and expiry as the
 * memcached store, without a server. Expired sessions are dropped when next read and when the map is
 * swept on writes, so it cannot grow without bound while sessions expire.
 */
public final class InMemorySessionStore implements SessionStore {
    private record Entry(SessionRecord record, Instant expiresAt) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private long writesSinceSweep;

    public InMemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> load(String id) {
        if (closed) {
            return closedStage();
        }
        Entry entry = sessions.get(id);
        if (entry == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            sessions.remove(id, entry);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(Optional.of(entry.record()));
    }

    @Override
    public CompletionStage<Boolean> save(SessionRecord record, SessionChanges changes, Duration ttl) {
        if (closed) {
            return closedStage();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        boolean[] stored = {true};
        sessions.compute(record.id(), (id, old) -> {
            if (changes.wholeRecord()) {
                return new Entry(record, expiresAt);
            }
            if (old == null || !old.expiresAt().isAfter(now)) {
                stored[0] = false; // destroyed or expired meanwhile: do not bring it back
                return null;
            }
            return new Entry(MergeRule.merge(old.record(), record, changes), expiresAt);
        });
        sweepNow(now);
        return CompletableFuture.completedFuture(stored[0]);
    }

    @Override
    public CompletionStage<Boolean> touch(String id, Duration ttl) {
        if (closed) {
            return closedStage();
        }
        Instant now = clock.instant();
        Entry touched = sessions.computeIfPresent(id, (key, old) -> old.expiresAt().isAfter(now)
                ? new Entry(old.record(), now.plus(ttl)) : null);
        return CompletableFuture.completedFuture(touched != null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        if (closed) {
            return closedStage();
        }
        sessions.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long malformedRecords() {
        return 0; // records are kept as objects: nothing to misread
    }

    /** The number of stored sessions, expired ones included until swept. */
    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        closed = true;
        sessions.clear();
    }

    private synchronized void sweepNow(Instant now) {
        if (++writesSinceSweep < 1024) {
            return;
        }
        writesSinceSweep = 0;
        sessions.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
    }

    private static <T> CompletionStage<T> closedStage() {
        return CompletableFuture.failedFuture(new IllegalStateException("the session store is closed"));
    }
}
