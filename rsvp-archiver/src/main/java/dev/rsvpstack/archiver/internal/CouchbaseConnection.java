package dev.rsvpstack.archiver.internal;

import com.couchbase.client.java.Bucket;
import dev.rsvpstack.couchbase.Couchbase;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.ServiceSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the Couchbase instances of a snapshot, with its RSVP store. The connection (connect,
 * wait until ready, the RSVP views, disconnect on failure) is couchbase-views'; the key-value writes
 * stay on the SDK here, behind {@link CouchbaseRsvpStore} and {@link CouchbaseCheckpoint}.
 */
public final class CouchbaseConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseConnection.class);

    private final dev.rsvpstack.couchbase.CouchbaseConnection views;
    private final CouchbaseRsvpStore store;

    private CouchbaseConnection(dev.rsvpstack.couchbase.CouchbaseConnection views, CouchbaseRsvpStore store) {
        this.views = views;
        this.store = store;
    }

    /**
     * Connects to every instance of {@code snapshot} (KV addresses) and waits until the bucket is ready.
     *
     * @param retention how long stored RSVPs live; {@link Duration#ZERO} for ever
     * @throws IllegalStateException when the snapshot is empty
     */
    public static CouchbaseConnection open(ServiceSnapshot snapshot, String bucketName, String username,
                                           String password, Duration readyTimeout, Duration retention,
                                           MeterRegistry registry) {
        if (snapshot.isEmpty()) {
            throw new IllegalStateException("no Couchbase instance is registered under /services/"
                    + snapshot.service() + "/");
        }
        // the web's views, created by the writer of the documents
        return of(Couchbase.connect(CouchbaseSettings.builder().nodes(snapshot).bucket(bucketName)
                .username(username).password(password).readyTimeout(readyTimeout)
                .designDocument(RsvpViews.DESIGN_DOCUMENT).build()), retention, registry);
    }

    /** The RSVP store on a connection made elsewhere; closing this closes {@code views}. */
    public static CouchbaseConnection of(dev.rsvpstack.couchbase.CouchbaseConnection views, Duration retention,
                                         MeterRegistry registry) {
        LOG.info("storing RSVPs in bucket '{}', kept {}", views.bucket(),
                retention.isZero() ? "for ever" : "for " + retention);
        return new CouchbaseConnection(views, new CouchbaseRsvpStore(views.unwrap(Bucket.class).defaultCollection(),
                retention, registry));
    }

    public CouchbaseRsvpStore store() {
        return store;
    }

    @Override
    public void close() {
        views.close();
    }
}
