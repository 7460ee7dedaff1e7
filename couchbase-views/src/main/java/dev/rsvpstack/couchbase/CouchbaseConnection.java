package dev.rsvpstack.couchbase;

import java.util.List;
import java.util.function.Function;

/**
 * A connection to one Couchbase bucket for view queries. Thread-safe. Made by {@link Couchbase#connect}
 * (one fixed set of nodes) or {@link SupervisedConnection#builder()} (follows the nodes discovery lists).
 */
public interface CouchbaseConnection extends AutoCloseable {
    /** The bucket's name. */
    String bucket();

    /**
     * Creates the design document when it is missing and adds the views it lacks; views others put
     * there, and existing views of the same name, are kept as they are.
     *
     * @throws ViewsUnsupportedException when the bucket runs no views (Magma)
     * @throws CouchbaseViewException    when the server refuses or does not answer
     */
    void ensure(DesignDocument designDocument);

    /**
     * Runs a query, waited for at most the query timeout (and a second). A view that is missing is created
     * from the settings' design documents and the query tried once more.
     *
     * @throws ViewsUnsupportedException when the bucket runs no views (Magma)
     * @throws CouchbaseViewException    naming the view when it fails
     */
    List<ViewRow> query(ViewQuery query);

    /** {@link #query(ViewQuery)}, each row mapped (to a record of yours, for instance). */
    default <T> List<T> query(ViewQuery query, Function<ViewRow, T> mapper) {
        return query(query).stream().map(mapper).toList();
    }

    /** The queries' health, from state at hand. */
    ViewHealth health();

    /**
     * The implementation object of {@code type}, for what this API does not offer (key-value access
     * with the SDK's own options). For a Couchbase SDK {@code Bucket}: {@code unwrap(Bucket.class)}.
     * Keep the result only as long as this connection: a supervised connection gives the bucket of
     * its current connection, which a move replaces.
     *
     * @throws IllegalArgumentException when nothing of that type is behind this connection
     */
    <T> T unwrap(Class<T> type);

    /** Disconnects once the queries in flight are done (bounded by the query timeout). */
    @Override
    void close();
}
