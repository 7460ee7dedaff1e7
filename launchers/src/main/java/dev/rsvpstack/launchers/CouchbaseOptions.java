package dev.rsvpstack.launchers;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a subcommand logs in to Couchbase; its addresses come from etcd. */
final class CouchbaseOptions {
    @Option(names = "--couchbase-bucket", defaultValue = "${env:RSVP_COUCHBASE_BUCKET:-rsvps}",
            description = "Bucket; also the user of a bucket-password login (env RSVP_COUCHBASE_BUCKET; "
                    + "default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--couchbase-user", defaultValue = "${env:RSVP_COUCHBASE_USER}",
            description = "Couchbase user; the bucket name when not given (env RSVP_COUCHBASE_USER).")
    String user;

    @Option(names = "--couchbase-password-file", defaultValue = "${env:RSVP_COUCHBASE_PASSWORD_FILE}",
            description = "File holding the Couchbase password (env RSVP_COUCHBASE_PASSWORD_FILE).")
    Path passwordFile;

    String user() {
        return user != null ? user : bucket;
    }

    /** @throws IllegalArgumentException naming the option when no file is given */
    void requirePasswordFile() {
        Secrets.requireFile(passwordFile, "--couchbase-password-file");
    }

    /**
     * @throws IllegalArgumentException     naming the option when no file is given
     * @throws UnreadableSecretException when the file is missing or empty
     */
    String password() {
        return Secrets.read(passwordFile, "--couchbase-password-file");
    }
}
