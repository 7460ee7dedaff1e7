package dev.rsvpstack.couchbase;

import dev.rsvpstack.couchbase.internal.SdkConnection;
import java.util.Objects;

/**
 * Entry point: a connection to one bucket for view queries.
 *
 * <pre>{@code
 * CouchbaseConnection couchbase = Couchbase.connect(CouchbaseSettings.builder()
 *         .nodes(discovery.lookup("couchbase"))            // or .connectionString("couchbase://10.1.1.2")
 *         .bucket("rsvps").passwordFile(Path.of("/run/secrets/couchbase-password"))
 *         .designDocument(RsvpViews.DESIGN_DOCUMENT)
 *         .build());
 * List<ViewRow> latest = couchbase.query(RsvpViews.latest(10));
 * }</pre>
 *
 * To follow Couchbase when it moves, use {@link SupervisedConnection#builder()} instead.
 */
public final class Couchbase {
    private Couchbase() {
    }

    /**
     * Connects, waits until the bucket is ready, and ensures the settings' design documents (a failure
     * other than {@link ViewsUnsupportedException} is logged, and the first query that misses a view
     * tries again). On any failure the connection is closed before the exception propagates.
     *
     * @throws CouchbaseConnectException when the bucket is not ready within the ready timeout
     * @throws ViewsUnsupportedException when the bucket runs no views (a Magma bucket)
     */
    public static CouchbaseConnection connect(CouchbaseSettings settings) {
        return SdkConnection.open(Objects.requireNonNull(settings, "settings"));
    }
}
