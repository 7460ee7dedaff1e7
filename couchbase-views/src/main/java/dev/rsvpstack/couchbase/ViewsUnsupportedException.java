package dev.rsvpstack.couchbase;

/**
 * The bucket runs no views: Couchbase Server answers so for a bucket on the Magma storage backend,
 * the default since Server 8.0. The bucket must be created with {@code --storage-backend couchstore}.
 */
public final class ViewsUnsupportedException extends CouchbaseViewException {
    private static final long serialVersionUID = 1L;

    private final String storageBackend;

    public ViewsUnsupportedException(String message, String storageBackend, Throwable cause) {
        super(message, cause);
        this.storageBackend = storageBackend;
    }

    /** The bucket's storage backend as the server reported it ({@code magma}), or {@code unknown}. */
    public String storageBackend() {
        return storageBackend;
    }
}
