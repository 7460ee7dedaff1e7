package dev.rsvpstack.archiver;

import com.couchbase.client.java.Bucket;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import java.time.Duration;

/** The stores the archiver writes to. */
public final class RsvpStores {
    private RsvpStores() {
    }

    /**
     * RSVPs as {@code rsvp::<rsvp_id>} (raw JSON, unchanged) and the resume checkpoint, in the bucket of
     * {@code couchbase}. The connection stays the caller's to close.
     *
     * @param retention how long stored RSVPs live (document expiry); {@link Duration#ZERO} for ever
     */
    public static RsvpStore couchbase(CouchbaseConnection couchbase, Duration retention) {
        return new CouchbaseRsvpStore(couchbase.unwrap(Bucket.class).defaultCollection(), retention);
    }
}
