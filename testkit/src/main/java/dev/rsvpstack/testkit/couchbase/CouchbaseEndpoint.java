package dev.rsvpstack.testkit.couchbase;

/** How to reach a Couchbase bucket: what a client needs, whatever runs the server. */
public interface CouchbaseEndpoint {
    /** For example {@code couchbase://127.0.0.1:41234}. */
    String connectionString();

    String bucketName();

    /** CouchbaseMock's users are its buckets: the bucket's name unless an endpoint says otherwise. */
    default String username() {
        return bucketName();
    }

    String password();
}
