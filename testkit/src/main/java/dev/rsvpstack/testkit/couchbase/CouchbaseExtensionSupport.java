package dev.rsvpstack.testkit.couchbase;

import com.couchbase.client.java.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the two CouchbaseMock extensions share: one server for the test class, started before it and
 * closed after it whatever happened, and one SDK {@link Cluster} on demand, disconnected first.
 *
 * @param <S> the server: in this JVM or in a child one
 */
abstract class CouchbaseExtensionSupport<S extends CouchbaseEndpoint>
        implements BeforeAllCallback, AfterAllCallback, CouchbaseEndpoint {
    /** The SDK can take a while to see a fresh mock's bucket on a loaded 2-core machine. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String bucketName;
    private final String password;
    private S server;
    private Cluster cluster;

    CouchbaseExtensionSupport(String bucketName, String password) {
        this.bucketName = bucketName;
        this.password = password;
    }

    /** Starts the class's server. */
    abstract S start(String bucketName, String password);

    /** Stops the class's server (a plain close: both servers' close throws nothing, nor waits to be interrupted). */
    abstract void stop(S running);

    /** Runs before the cluster is disconnected: a server that cannot answer would make that wait. */
    void beforeDisconnect(S running) {
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        server = start(bucketName, password);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                beforeDisconnect(server);
            }
            if (cluster != null) {
                cluster.disconnect();
            }
        } finally {
            cluster = null;
            if (server != null) {
                stop(server);
                server = null;
            }
        }
    }

    /** A connected SDK cluster whose bucket is ready, shared by the class's tests; do not disconnect it. */
    public synchronized Cluster cluster() {
        if (cluster == null) {
            cluster = EmbeddedCouchbase.connect(running(), READY_TIMEOUT);
        }
        return cluster;
    }

    @Override
    public String connectionString() {
        return running().connectionString();
    }

    @Override
    public String bucketName() {
        return bucketName;
    }

    @Override
    public String password() {
        return password;
    }

    synchronized S running() {
        if (server == null) {
            throw new IllegalStateException("CouchbaseMock is not running: register the extension on a static field");
        }
        return server;
    }
}
