package dev.rsvpstack.launchers;

/** The launcher's exit codes, documented in {@code --help} and the README. */
final class ExitCodes {
    static final int DONE = 0;
    /** An unexpected failure at run time; the log says why. */
    static final int FAILED = 1;
    /** Bad command line or configuration, including a secret file that cannot be read. */
    static final int CONFIGURATION = 2;
    /** etcd or Couchbase did not answer in time at start. */
    static final int DEPENDENCY_UNAVAILABLE = 3;
    /** A port to listen on is in use. */
    static final int PORT_IN_USE = 4;
    /** {@code status}: a required service has no instance, or an election no leader. */
    static final int STATUS_INCOMPLETE = 5;

    /** For picocli's {@code exitCodeList}: "code:meaning". */
    static final String[] DESCRIPTIONS = {
        "0:done (for status: every required service has an instance)",
        "1:failed at run time; the log says why",
        "2:bad command line or configuration, or a secret file that cannot be read",
        "3:etcd or Couchbase did not answer in time at start",
        "4:a port to listen on is in use",
        "5:status: a required service has no instance, or the archiver no leader",
        "143:stopped by SIGTERM after a clean shutdown (130 for SIGINT)"};

    private ExitCodes() {
    }
}
