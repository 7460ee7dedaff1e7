package dev.rsvpstack.web;

import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.web.internal.CouchbaseLatestRsvps;
import java.util.Objects;

/**
 * The page's data from the RSVP views ({@code dev.rsvpstack.couchbase.rsvp.RsvpViews}) through a
 * couchbase-views connection. Give it a {@code SupervisedConnection} to follow Couchbase when it moves
 * without closing a WebSocket (the {@code reload} policy):
 *
 * <pre>{@code
 * SupervisedConnection couchbase = SupervisedConnection.builder().policy(RestartPolicy.RELOAD)
 *         .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket("rsvps")
 *                 .passwordFile(passwordFile).designDocument(RsvpViews.DESIGN_DOCUMENT).build())
 *         .build();
 * discovery.watch("couchbase", couchbase);
 * RsvpWebServer web = RsvpWebServer.builder(webSettings).source(CouchbaseRsvps.source(couchbase)).start();
 * }</pre>
 *
 * The connection's settings should name {@code RsvpViews.DESIGN_DOCUMENT}, so that a view that
 * disappears is created again by the next query.
 */
public final class CouchbaseRsvps {
    private CouchbaseRsvps() {
    }

    /** The latest RSVPs and the per-minute counts, queried through {@code couchbase} at each call. */
    public static LatestRsvpsSource source(CouchbaseConnection couchbase) {
        return new CouchbaseLatestRsvps(Objects.requireNonNull(couchbase, "couchbase"));
    }
}
