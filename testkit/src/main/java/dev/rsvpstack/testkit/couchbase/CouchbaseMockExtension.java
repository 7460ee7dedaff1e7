package dev.rsvpstack.testkit.couchbase;

import com.couchbase.client.java.Cluster;

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
public final class CouchbaseMockExtension extends CouchbaseExtensionSupport<EmbeddedCouchbase> {
    private CouchbaseMockExtension(String bucketName, String password) {
        super(bucketName, password);
    }

    /** A mock in this JVM with bucket {@code rsvps} (password {@code rsvps-test-password}). */
    public static CouchbaseMockExtension inProcess() {
        return new CouchbaseMockExtension("rsvps", "rsvps-test-password");
    }

    @Override
    EmbeddedCouchbase start(String bucketName, String password) {
        return EmbeddedCouchbase.start(bucketName, password);
    }

    @Override
    void stop(EmbeddedCouchbase running) {
        running.close();
    }

    /** The running mock, for its ports. */
    public EmbeddedCouchbase server() {
        return running();
    }
}
