package dev.rsvpstack.couchbase;

/** The bucket was not ready within the ready timeout (or refused the login); nothing is left open. */
public final class CouchbaseConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CouchbaseConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
