package dev.rsvpstack.testkit.couchbase;

import com.couchbase.client.java.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * CouchbaseMock for a test class, in this JVM: a password-protected bucket with CCCP on, and a
 * connected SDK {@link Cluster} on demand. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();
 * }</pre>
 *
 * Both the mock and the cluster are closed after the class, whether its tests passed or not.
 */
public final class CouchbaseMockExtension implements BeforeAllCallback, AfterAllCallback, CouchbaseEndpoint {
    /** The SDK can take a while to see a fresh mock's bucket on a loaded 2-core machine. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String bucketName;
    private final String password;
    private EmbeddedCouchbase couchbase;
    private Cluster cluster;

    private CouchbaseMockExtension(String bucketName, String password) {
        this.bucketName = bucketName;
        this.password = password;
    }

    /** A mock in this JVM with bucket {@code rsvps} (password {@code rsvps-test-password}). */
    public static CouchbaseMockExtension inProcess() {
        return new CouchbaseMockExtension("rsvps", "rsvps-test-password");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        couchbase = EmbeddedCouchbase.start(bucketName, password);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.disconnect();
            }
        } finally {
            cluster = null;
            if (couchbase != null) {
                couchbase.close();
                couchbase = null;
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

    /** The running mock, for its ports. */
    public EmbeddedCouchbase server() {
        return running();
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
    public String username() {
        return bucketName;
    }

    @Override
    public String password() {
        return password;
    }

    private EmbeddedCouchbase running() {
        if (couchbase == null) {
            throw new IllegalStateException("CouchbaseMock is not running: register the extension on a static field");
        }
        return couchbase;
    }
}
