package dev.rsvpstack.web;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import dev.rsvpstack.web.internal.CouchbaseLatestRsvps;
import dev.rsvpstack.archiver.RsvpViews;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Couchbase connection that serves the page's data: one per set of Couchbase addresses. Under
 * discovery's RELOAD policy a launcher builds a new one when Couchbase moves and hands the server a
 * supplier of the live one, so no WebSocket is closed by the move:
 *
 * <pre>{@code
 * ComponentSupervisor<CouchbaseRsvps> couchbase = ComponentSupervisor.<CouchbaseRsvps>builder()
 *         .name("couchbase").policy(RestartPolicy.RELOAD)
 *         .factory(snapshot -> CouchbaseRsvps.connect(settings.withNodes(snapshot.hostsAndPorts())))
 *         .build();
 * couchbase.start(discovery.lookup("couchbase"));
 * discovery.watch("couchbase", couchbase);
 * RsvpWebServer web = RsvpWebServer.builder(webSettings)
 *         .source(() -> couchbase.current().source())
 *         .start();
 * }</pre>
 */
public final class CouchbaseRsvps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseRsvps.class);

    private final Settings settings;
    private final Cluster cluster;
    private final LatestRsvpsSource source;

    private CouchbaseRsvps(Settings settings, Cluster cluster, LatestRsvpsSource source) {
        this.settings = settings;
        this.cluster = cluster;
        this.source = source;
    }

    /**
     * Connects, waits for the bucket, and creates the views if they are missing (if that fails now, the
     * first query tries again).
     *
     * @throws RuntimeException if the bucket is not ready within {@link Settings#readyTimeout()}; nothing
     *                          is left open then
     */
    public static CouchbaseRsvps connect(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        Cluster cluster = Cluster.connect(settings.connectionString(),
                ClusterOptions.clusterOptions(settings.username(), settings.password()));
        try {
            Bucket bucket = cluster.bucket(settings.bucket());
            bucket.waitUntilReady(settings.readyTimeout());
            try {
                RsvpViews.ensure(bucket);
            } catch (RuntimeException e) {
                LOG.warn("could not check the views of bucket '{}' now; the first query will: {}", settings.bucket(),
                        e.toString());
            }
            LOG.info("connected to Couchbase {} bucket '{}'", settings.nodes(), settings.bucket());
            return new CouchbaseRsvps(settings, cluster, new CouchbaseLatestRsvps(bucket, settings.queryTimeout()));
        } catch (RuntimeException e) {
            cluster.disconnect();
            throw e;
        }
    }

    /** The page's data through this connection. */
    public LatestRsvpsSource source() {
        return source;
    }

    public Settings settings() {
        return settings;
    }

    /** Disconnects; the source fails from then on. */
    @Override
    public void close() {
        cluster.disconnect();
        LOG.info("disconnected from Couchbase {}", settings.nodes());
    }

    @Override
    public String toString() {
        return "CouchbaseRsvps" + settings.nodes() + "/" + settings.bucket();
    }

    /**
     * Where and how to connect.
     *
     * @param nodes        {@code host} or {@code host:port} (the KV port, 11210 by default), as discovery lists them
     * @param bucket       the bucket the archiver writes
     * @param username     the user (the bucket's name on CouchbaseMock)
     * @param password     the password; never empty (the SDK rejects it)
     * @param readyTimeout how long {@link #connect} waits for the bucket
     * @param queryTimeout how long one view query may take (shorter than the poll interval)
     */
    public record Settings(List<String> nodes, String bucket, String username, String password,
                           Duration readyTimeout, Duration queryTimeout) {
        public Settings {
            nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
            if (nodes.isEmpty() || nodes.stream().anyMatch(n -> n == null || n.isBlank() || n.contains(","))) {
                throw new IllegalArgumentException("Couchbase needs at least one node as host or host:port, got " + nodes);
            }
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("bucket must not be blank");
            }
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty: the Couchbase SDK rejects it");
            }
            requirePositive("readyTimeout", readyTimeout);
            requirePositive("queryTimeout", queryTimeout);
        }

        /** Waits 30 s for the bucket; queries time out after 2.5 s. */
        public static Settings of(List<String> nodes, String bucket, String username, String password) {
            return new Settings(nodes, bucket, username, password, Duration.ofSeconds(30),
                    CouchbaseLatestRsvps.DEFAULT_QUERY_TIMEOUT);
        }

        /** The same settings for other nodes, for a rebuild after discovery reported a move. */
        public Settings withNodes(List<String> others) {
            return new Settings(others, bucket, username, password, readyTimeout, queryTimeout);
        }

        String connectionString() {
            return "couchbase://" + String.join(",", nodes);
        }

        @Override
        public String toString() {
            return "Settings[nodes=" + nodes + ", bucket=" + bucket + ", username=" + username + ", password=***, readyTimeout="
                    + readyTimeout + ", queryTimeout=" + queryTimeout + "]";
        }

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
        }
    }
}
