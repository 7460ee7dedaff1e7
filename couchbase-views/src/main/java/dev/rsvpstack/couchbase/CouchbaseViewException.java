package dev.rsvpstack.couchbase;

/** A view query or a design document operation failed; the message names the view and the bucket. */
public class CouchbaseViewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CouchbaseViewException(String message, Throwable cause) {
        super(message, cause);
    }
}
