package dev.rsvpstack.testkit.couchbase;

import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.mock.CouchbaseMock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CouchbaseMock in this JVM: one couchbase bucket with a password, CCCP on, on free loopback ports
 * (or on a given address and fixed ports, for {@code rsvp-stack couchbase-mock}).
 * Fast to start; use {@link CouchbaseMockProcess} instead when a test must restart or freeze the
 * server (an embedded mock's {@code stop()} leaves its KV sockets hanging).
 *
 * <p>Also what the {@code demo} runs, which is why this class does not depend on JUnit.
 */
public final class EmbeddedCouchbase implements CouchbaseEndpoint, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCouchbase.class);

    /** Where the mock binds its KV port and what its cluster map advertises, unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    private final CouchbaseMock mock;
    private final String bucketName;
    private final String password;
    private final String host;
    private DocumentPager pager;

    private EmbeddedCouchbase(CouchbaseMock mock, String bucketName, String password, String host) {
        this.mock = mock;
        this.bucketName = bucketName;
        this.password = password;
        this.host = host;
    }

    /**
     * Starts a mock with one bucket.
     *
     * @param bucketName the bucket, which is also the user name the SDK logs in with
     * @param password   the bucket's password; the SDK rejects an empty one
     */
    public static EmbeddedCouchbase start(String bucketName, String password) {
        return start(bucketName, password, 0, 0);
    }

    /**
     * Starts a mock with one bucket on fixed ports, for a local cluster whose sidekick announces the
     * KV address (0 for either picks a free port).
     *
     * @param restPort the REST port (the equivalent of 8091)
     * @param kvPort   the KV port (the equivalent of 11210)
     */
    public static EmbeddedCouchbase start(String bucketName, String password, int restPort, int kvPort) {
        return start(bucketName, password, LOOPBACK, restPort, kvPort);
    }

    /**
     * Starts a mock with one bucket whose KV port binds {@code host}, which its cluster map also
     * advertises, so that other hosts can use it (CouchbaseMock's REST port binds every address).
     *
     * @param host     an address of this machine, e.g. 127.0.0.1 or 10.1.0.12
     * @param restPort the REST port (the equivalent of 8091)
     * @param kvPort   the KV port (the equivalent of 11210)
     */
    public static EmbeddedCouchbase start(String bucketName, String password, String host, int restPort,
            int kvPort) {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(host, "host");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the bucket needs a password: the Couchbase SDK rejects an empty one");
        }
        try {
            CouchbaseMock mock = MockCluster.start(restPort, bucketName, password, host, kvPort);
            EmbeddedCouchbase couchbase = new EmbeddedCouchbase(mock, bucketName, password, host);
            LOG.info("CouchbaseMock up: {} (REST port {}), bucket '{}'", couchbase.connectionString(),
                    mock.getHttpPort(), bucketName);
            return couchbase;
        } catch (IOException e) {
            throw new UncheckedIOException("CouchbaseMock did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting CouchbaseMock", e);
        }
    }

    @Override
    public String connectionString() {
        return "couchbase://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + kvPort();
    }

    @Override
    public String bucketName() {
        return bucketName;
    }

    @Override
    public String password() {
        return password;
    }

    /** The mock's REST (cluster manager) port, the equivalent of 8091. */
    public int httpPort() {
        return mock.getHttpPort();
    }

    /** The KV port of the bucket's single node, the equivalent of 11210. */
    public int kvPort() {
        return mock.getBuckets().get(bucketName).getServers()[0].getPort();
    }

    /**
     * Keeps this mock usable when left running: every {@code interval}, documents whose expiry passed
     * are removed (CouchbaseMock itself removes them only when read, and its views map them until
     * then), and beyond {@code maxDocuments} the least recently written ones are evicted.
     *
     * @return this
     */
    public synchronized EmbeddedCouchbase boundDocuments(Duration interval, int maxDocuments) {
        if (pager != null) {
            pager.close();
        }
        pager = new DocumentPager(mock.getBuckets().get(bucketName), interval, maxDocuments);
        LOG.info("CouchbaseMock pager: expired documents removed every {}, at most {} documents kept", interval,
                maxDocuments);
        return this;
    }

    /** Documents the pager removed because their expiry passed. */
    public synchronized long expiredRemoved() {
        return pager == null ? 0 : pager.expired();
    }

    /** Documents the pager evicted because the bound was reached. */
    public synchronized long evicted() {
        return pager == null ? 0 : pager.evicted();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (pager != null) {
                pager.close();
            }
        }
        mock.stop();
        LOG.info("CouchbaseMock stopped");
    }

    /** A connected SDK cluster whose bucket is ready; the caller closes it (disconnect). */
    public static Cluster connect(CouchbaseEndpoint endpoint, Duration readyTimeout) {
        Cluster cluster = Cluster.connect(endpoint.connectionString(),
                ClusterOptions.clusterOptions(endpoint.username(), endpoint.password())
                        .environment(env -> env.loggingMeterConfig(meter -> meter.enabled(false)))); // no pause-detector threads
        try {
            cluster.bucket(endpoint.bucketName()).waitUntilReady(readyTimeout);
        } catch (RuntimeException e) {
            cluster.disconnect();
            throw e;
        }
        return cluster;
    }
}
