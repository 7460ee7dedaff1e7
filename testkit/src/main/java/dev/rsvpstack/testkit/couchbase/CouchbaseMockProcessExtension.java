package dev.rsvpstack.testkit.couchbase;

import com.couchbase.client.java.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * CouchbaseMock in a child JVM for a test class whose tests kill, restart or freeze Couchbase (see
 * {@link CouchbaseMockProcess}); {@link CouchbaseMockExtension} is the faster in-process choice for tests
 * that do not. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();
 * }</pre>
 *
 * Before each test the mock is thawed and started again if an earlier test left it frozen or dead, so
 * one failing test does not fail the next. After the class the SDK cluster is disconnected and the child
 * JVM stopped, whether the tests passed or not.
 */
public final class CouchbaseMockProcessExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, CouchbaseEndpoint {
    /** The SDK can take a while to see a fresh mock's bucket on a loaded 2-core machine. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String bucketName;
    private final String password;
    private CouchbaseMockProcess process;
    private Cluster cluster;

    private CouchbaseMockProcessExtension(String bucketName, String password) {
        this.bucketName = bucketName;
        this.password = password;
    }

    /** A mock in a child JVM with bucket {@code rsvps} (password {@code rsvps-test-password}). */
    public static CouchbaseMockProcessExtension childJvm() {
        return new CouchbaseMockProcessExtension("rsvps", "rsvps-test-password");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        process = new CouchbaseMockProcess(bucketName, password);
        process.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CouchbaseMockProcess running = running();
        running.thaw();
        if (!running.isRunning()) {
            running.start();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        try {
            if (process != null) {
                process.thaw(); // a frozen mock would make disconnect wait for its timeouts
            }
            if (cluster != null) {
                cluster.disconnect();
            }
        } finally {
            cluster = null;
            if (process != null) {
                process.close();
                process = null;
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

    /** The child process, to kill, restart, freeze and thaw it. */
    public CouchbaseMockProcess process() {
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

    private synchronized CouchbaseMockProcess running() {
        if (process == null) {
            throw new IllegalStateException("CouchbaseMock is not running: register the extension on a static field");
        }
        return process;
    }
}
