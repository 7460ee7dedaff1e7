package dev.rsvpstack.testkit.couchbase;

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
public final class CouchbaseMockProcessExtension extends CouchbaseExtensionSupport<CouchbaseMockProcess>
        implements BeforeEachCallback {
    private CouchbaseMockProcessExtension(String bucketName, String password) {
        super(bucketName, password);
    }

    /** A mock in a child JVM with bucket {@code rsvps} (password {@code rsvps-test-password}). */
    public static CouchbaseMockProcessExtension childJvm() {
        return new CouchbaseMockProcessExtension("rsvps", "rsvps-test-password");
    }

    @Override
    CouchbaseMockProcess start(String bucketName, String password) {
        CouchbaseMockProcess process = new CouchbaseMockProcess(bucketName, password);
        try {
            return process.start();
        } catch (RuntimeException e) {
            process.close(); // a child JVM that started but never answered
            throw e;
        }
    }

    @Override
    void stop(CouchbaseMockProcess running) {
        running.close();
    }

    @Override
    void beforeDisconnect(CouchbaseMockProcess running) {
        running.thaw(); // a frozen mock would make disconnect wait for its timeouts
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CouchbaseMockProcess running = running();
        running.thaw();
        if (!running.isRunning()) {
            running.start();
        }
    }

    /** The child process, to kill, restart, freeze and thaw it. */
    public CouchbaseMockProcess process() {
        return running();
    }
}
