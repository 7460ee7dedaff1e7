package dev.rsvpstack.launchers;

/**
 * Whether this executable carries the embedded CouchbaseMock. The production jar (rsvp-stack.jar, the
 * image) leaves the test doubles out; rsvp-stack-demo.jar has them for {@code demo} and
 * {@code couchbase-mock}.
 */
final class EmbeddedMock {
    static final String DEMO_JAR = "rsvp-stack-demo.jar";

    private EmbeddedMock() {
    }

    /**
     * @throws IllegalArgumentException (a configuration error, exit code 2) naming the jar to use
     */
    static void require(String subcommand) {
        try {
            Class.forName("com.couchbase.mock.CouchbaseMock", false, EmbeddedMock.class.getClassLoader());
            Class.forName("dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase", false,
                    EmbeddedMock.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(subcommand + " needs the embedded CouchbaseMock, which this "
                    + "production executable leaves out: run it from " + DEMO_JAR + " (bin/rsvp-stack " + subcommand
                    + " does; image ghcr.io/rsvp-stack/rsvp-stack-demo)");
        }
    }
}
