package dev.rsvpstack.launchers;

import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rsvp-stack couchbase-mock}: CouchbaseMock on fixed ports, for the local cluster and demos
 * on machines without Couchbase Server. Not a database: it keeps everything in memory.
 */
@Command(name = "couchbase-mock", mixinStandardHelpOptions = true,
        header = "Runs CouchbaseMock in memory, for local clusters.",
        description = {"Runs CouchbaseMock (in memory, for local clusters and tests only) with one",
            "password-protected bucket on fixed REST and KV ports."})
final class CouchbaseMockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bucket", defaultValue = "${env:RSVP_COUCHBASE_BUCKET:-rsvps}",
            description = "Bucket name, also its user (env RSVP_COUCHBASE_BUCKET; default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--password-file", defaultValue = "${env:RSVP_COUCHBASE_PASSWORD_FILE}",
            description = "File holding the bucket's password (env RSVP_COUCHBASE_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--host", defaultValue = "${env:RSVP_MOCK_HOST:-127.0.0.1}",
            description = "Address the KV port binds and the cluster map advertises, e.g. this host's "
                    + "address for clients on other hosts; REST binds every address "
                    + "(env RSVP_MOCK_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rest-port", defaultValue = "${env:RSVP_MOCK_REST_PORT:-8091}",
            description = "REST port (env RSVP_MOCK_REST_PORT; default ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--kv-port", defaultValue = "${env:RSVP_MOCK_KV_PORT:-11210}",
            description = "KV port (env RSVP_MOCK_KV_PORT; default ${DEFAULT-VALUE}).")
    int kvPort;

    @Option(names = "--max-documents", defaultValue = "${env:RSVP_MOCK_MAX_DOCUMENTS:-20000}",
            description = "Most documents kept; beyond it the least recently written go, and expired ones "
                    + "are removed every second, so the mock stays usable when left running "
                    + "(env RSVP_MOCK_MAX_DOCUMENTS; default ${DEFAULT-VALUE}).")
    int maxDocuments;

    @Override
    public Integer call() throws InterruptedException {
        try {
            EmbeddedMock.require("couchbase-mock");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid configuration: " + e.getMessage());
        }
        String password = Secrets.read(passwordFile, "--password-file");
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        if (maxDocuments < 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid configuration: --max-documents must be at least 1000, was " + maxDocuments);
        }
        EmbeddedCouchbase couchbase = EmbeddedCouchbase.start(bucket, password, host, restPort, kvPort)
                .boundDocuments(Duration.ofSeconds(1), maxDocuments);
        lifecycle.closeOnShutdown(couchbase);
        org.slf4j.LoggerFactory.getLogger(CouchbaseMockCommand.class).info(
                "rsvp-stack couchbase-mock is up: {} (REST port {}, bucket '{}')", couchbase.connectionString(),
                couchbase.httpPort(), bucket);
        return lifecycle.awaitExit();
    }
}
