package dev.rsvpstack.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live between requests. Every operation is asynchronous, so an HTTP server can keep
 * its I/O threads free while memcached answers, and never throws for a failing backend: the returned
 * stage completes exceptionally instead, and callers treat that as "no session" (a memcached failure
 * costs the user the session, never an error page).
 *
 * <p>Implementations: {@link SessionStores#inMemory()} for development and tests,
 * {@link SessionStores#memcached(MemcachedSettings)} for production.
 */
public interface SessionStore extends AutoCloseable {
    /**
     * The session stored under {@code id}, or empty when there is none or the stored value is not a
     * session record (counted in {@link #malformedRecords()}).
     */
    CompletionStage<Optional<SessionRecord>> load(String id);

    /**
     * Writes {@code record} for {@code ttl}. With {@link SessionChanges#whole()} the record is written
     * as it is. Otherwise only the changed attributes are merged onto the newest stored record; a
     * session that no longer exists (destroyed or expired meanwhile) is not brought back.
     *
     * @return whether the write was stored
     */
    CompletionStage<Boolean> save(SessionRecord record, SessionChanges changes, Duration ttl);

    /**
     * Extends the session's lifetime to {@code ttl} from now without rewriting it.
     *
     * @return whether the session existed
     */
    CompletionStage<Boolean> touch(String id, Duration ttl);

    /** Deletes the session; deleting a missing session is not an error. */
    CompletionStage<Void> delete(String id);

    /** How many stored values were not session records and were treated as missing. */
    long malformedRecords();

    /** Releases connections and threads; later operations complete exceptionally. */
    @Override
    void close();
}
