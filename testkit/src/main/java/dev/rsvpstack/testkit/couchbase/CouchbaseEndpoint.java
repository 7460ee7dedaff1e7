package dev.rsvpstack.testkit.couchbase;

/** How to reach a Couchbase bucket: what a client needs, whatever runs the server. */
public interface CouchbaseEndpoint {
    /** For example {@code couchbase://127.0.0.1:41234}. */
    String connectionString();

    String bucketName();

    String username();

    String password();
}
