package dev.rsvpstack.web.internal;

import dev.rsvpstack.session.SessionStats;
import dev.rsvpstack.session.Sessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * session-lib's counters on the web tier's registry ({@code rsvp.web.sessions.*}, so Prometheus shows
 * {@code rsvp_web_sessions_new_total} and so on): bad cookies, lost sessions and store failures are
 * counted rather than logged per request, and an operator needs to see them. session-lib itself has no
 * metrics dependency; it keeps the counts, this reads them at each scrape. The README lists them.
 */
public final class SessionMeters {
    private SessionMeters() {
    }

    /**
     * @param sessions the server's sessions; Micrometer holds this list weakly, so the caller keeps it (a list
     *                 nobody else holds is collected, and its counters then read 0)
     */
    public static void bind(MeterRegistry registry, List<Sessions> sessions) {
        // "new", not "created": Prometheus drops a "_created" suffix (OpenMetrics reserves it for a timestamp)
        counter(registry, sessions, "new", "New sessions stored (or sent to the store)", SessionStats::created);
        counter(registry, sessions, "cookies.rejected",
                "Session cookies unsigned, tampered with, signed with an unknown secret or malformed; each got a new "
                        + "session", SessionStats::rejectedCookies);
        counter(registry, sessions, "missing", "Valid cookies whose session was not in memcached (expired, lost with "
                + "a node)", SessionStats::missingSessions);
        counter(registry, sessions, "records.malformed", "Stored values that were not session records, treated as "
                + "missing", SessionStats::malformedRecords);
        counter(registry, sessions, "writes", "Session writes sent to memcached", SessionStats::writes);
        counter(registry, sessions, "writes.skipped", "Requests whose session was unchanged and not written",
                SessionStats::skippedWrites);
        counter(registry, sessions, "touches", "Lifetime refreshes (touch) sent to memcached", SessionStats::touches);
        counter(registry, sessions, "store.failures", "memcached operations that failed or timed out; each cost a "
                + "session, not a request", SessionStats::storeFailures);
        counter(registry, sessions, "oversized", "Sessions too large for memcached, not written",
                SessionStats::oversized);
        counter(registry, sessions, "heir.reads", "Session reads sent to the heir node because the session's node "
                + "failed, or to the previous owner after a node joined", SessionStats::heirReads);
        counter(registry, sessions, "heir.writes", "Session copies, refreshes and deletes sent to heir nodes",
                SessionStats::heirWrites);
        counter(registry, sessions, "heir.failures", "Heir operations that failed, timed out or found no "
                + "connection; the request was served either way", SessionStats::heirFailures);
    }

    /** One counter over every {@code Sessions} of the server (plain and HTTPS-only cookies share a store). */
    private static void counter(MeterRegistry registry, List<Sessions> sessions, String name, String description,
            ToLongFunction<SessionStats> count) {
        FunctionCounter.builder("rsvp.web.sessions." + name, sessions,
                        list -> list.stream().mapToLong(s -> count.applyAsLong(s.stats())).sum())
                .description(description).register(registry);
    }
}
