package dev.rsvpstack.archiver.internal;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;

/** For tests that share one mock bucket: each starts with no checkpoint document, so none depends on another's. */
public final class CheckpointDocument {
    private CheckpointDocument() {
    }

    /** Removes {@code archiver::checkpoint} if it is there. */
    public static void remove(Collection collection) {
        try {
            collection.remove(CouchbaseCheckpoint.KEY);
        } catch (DocumentNotFoundException e) {
            // none yet
        }
    }
}
