package dev.rsvpstack.archiver.internal;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import dev.rsvpstack.archiver.RsvpViews;
import dev.rsvpstack.discovery.ServiceSnapshot;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One SDK connection to the Couchbase instances of a snapshot, with its RSVP store. */
public final class CouchbaseConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseConnection.class);

    private final Cluster cluster;
    private final CouchbaseRsvpStore store;
    private final String connectionString;

    private CouchbaseConnection(Cluster cluster, CouchbaseRsvpStore store, String connectionString) {
        this.cluster = cluster;
        this.store = store;
        this.connectionString = connectionString;
    }

    /**
     * Connects to every instance of {@code snapshot} (KV addresses) and waits until the bucket is ready.
     *
     * @param retention how long stored RSVPs live; {@link Duration#ZERO} for ever
     * @throws IllegalStateException when the snapshot is empty
     */
    public static CouchbaseConnection open(ServiceSnapshot snapshot, String bucketName, String username,
                                           String password, Duration readyTimeout, Duration retention) {
        if (snapshot.isEmpty()) {
            throw new IllegalStateException("no Couchbase instance is registered under /services/"
                    + snapshot.service() + "/");
        }
        String connectionString = "couchbase://" + snapshot.hostsAndPorts().stream().collect(Collectors.joining(","));
        Cluster cluster = Cluster.connect(connectionString, ClusterOptions.clusterOptions(username, password));
        try {
            Bucket bucket = cluster.bucket(bucketName);
            bucket.waitUntilReady(readyTimeout);
            RsvpViews.ensure(bucket); // the web's views, created by the writer of the documents
            LOG.info("connected to Couchbase at {}, bucket '{}', RSVPs kept {}", connectionString, bucketName,
                    retention.isZero() ? "for ever" : "for " + retention);
            return new CouchbaseConnection(cluster, new CouchbaseRsvpStore(bucket.defaultCollection(), retention),
                    connectionString);
        } catch (RuntimeException e) {
            cluster.disconnect();
            throw e;
        }
    }

    public CouchbaseRsvpStore store() {
        return store;
    }

    @Override
    public void close() {
        cluster.disconnect();
        LOG.info("disconnected from Couchbase at {}", connectionString);
    }
}
