package dev.rsvpstack.couchbase;

import dev.rsvpstack.discovery.ServiceSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to connect to one Couchbase bucket, and which design documents it must have.
 * Made with {@link #builder()}; {@link Builder#build()} checks everything at once.
 *
 * @param nodes           {@code host} or {@code host:port} (the KV port, 11210 by default)
 * @param bucket          the bucket
 * @param username        the user (the bucket's name on CouchbaseMock and in {@code units/couchbase-init.sh})
 * @param password        never empty: the SDK rejects an empty one
 * @param readyTimeout    how long {@link Couchbase#connect} waits for the bucket
 * @param queryTimeout    how long one view query may take
 * @param designDocuments created at connect when missing, and again when a query finds its view gone
 */
public record CouchbaseSettings(List<String> nodes, String bucket, String username, String password,
                                Duration readyTimeout, Duration queryTimeout, List<DesignDocument> designDocuments) {
    /**
     * The SDK's own view timeout is 75 s: far too long for a page that polls every few seconds. 4 s
     * stays under the web's default 5 s poll interval; at 2.5 s the demo's page went stale for a few
     * seconds in bench/longrun while its one JVM stored 3,000 RSVPs/s and a query took 2.53 s: slow,
     * not failing, and "stale" should mean failing.
     */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(4);
    /** CouchbaseMock on a loaded machine needs 20 s and more. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);

    public CouchbaseSettings {
        nodes = List.copyOf(nodes);
        designDocuments = List.copyOf(designDocuments);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same settings for other nodes: a rebuild after discovery reported a move. */
    public CouchbaseSettings withNodes(List<String> others) {
        return toBuilder().nodes(others).build();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().nodes(nodes).bucket(bucket).username(username).password(password)
                .readyTimeout(readyTimeout).queryTimeout(queryTimeout);
        designDocuments.forEach(builder::designDocument);
        return builder;
    }

    /**
     * Checks a login by the rules {@link Builder#build()} applies, for settings that hold one before any
     * Couchbase node is known (the archiver's and the web's service settings).
     *
     * @throws IllegalArgumentException naming every problem
     */
    public static void requireLogin(String bucket, String username, String password) {
        List<String> problems = new ArrayList<>();
        checkLogin(problems, bucket, username, password);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Couchbase login: " + String.join("; ", problems));
        }
    }

    private static void checkLogin(List<String> problems, String bucket, String username, String password) {
        if (bucket == null || bucket.isBlank()) {
            problems.add("bucket must not be blank");
        }
        if (username == null || username.isBlank()) {
            problems.add("username must not be blank");
        }
        if (password == null || password.isEmpty()) {
            problems.add("password must not be empty (the Couchbase SDK rejects it)");
        }
    }

    /** {@code couchbase://host1,host2:11210}. */
    public String connectionString() {
        return "couchbase://" + String.join(",", nodes);
    }

    @Override
    public String toString() {
        return "CouchbaseSettings[nodes=" + nodes + ", bucket=" + bucket + ", username=" + username
                + ", password=***, readyTimeout=" + readyTimeout + ", queryTimeout=" + queryTimeout
                + ", designDocuments=" + designDocuments.stream().map(DesignDocument::name).toList() + "]";
    }

    /** Collects the settings; {@link #build()} names every problem at once. */
    public static final class Builder {
        private List<String> nodes = List.of();
        private String bucket;
        private String username;
        private String password;
        private Path passwordFile;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private final List<DesignDocument> designDocuments = new ArrayList<>();

        private Builder() {
        }

        /** {@code host} or {@code host:port}, as discovery lists them. */
        public Builder nodes(List<String> nodes) {
            this.nodes = nodes == null ? List.of() : new ArrayList<>(nodes);
            return this;
        }

        /** Every instance of a discovery snapshot (its KV addresses). */
        public Builder nodes(ServiceSnapshot snapshot) {
            return nodes(snapshot.hostsAndPorts());
        }

        /** {@code couchbase://host1,host2:11210} (or without the scheme). Parameters after {@code ?} are not supported. */
        public Builder connectionString(String connectionString) {
            String rest = Objects.requireNonNull(connectionString, "connectionString").trim();
            if (rest.startsWith("couchbase://")) {
                rest = rest.substring("couchbase://".length());
            }
            return nodes(rest.isEmpty() ? List.of() : Arrays.stream(rest.split(",")).map(String::trim).toList());
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** Defaults to the bucket's name. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            this.passwordFile = null;
            return this;
        }

        /** The password from a file (read at {@link #build()}; one trailing newline is dropped). */
        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            this.password = null;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
            return this;
        }

        /** A design document the bucket must have; added to those given before. */
        public Builder designDocument(DesignDocument designDocument) {
            designDocuments.add(Objects.requireNonNull(designDocument, "designDocument"));
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every setting that is missing or wrong
         */
        public CouchbaseSettings build() {
            List<String> problems = new ArrayList<>();
            if (nodes.isEmpty() || nodes.stream().anyMatch(n -> n == null || n.isBlank() || n.contains(",")
                    || n.contains("/"))) {
                problems.add("nodes: at least one host or host:port is needed, got " + nodes);
            }
            String user = username == null ? bucket : username;
            String secret = password;
            if (passwordFile != null) {
                try {
                    secret = Files.readString(passwordFile, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
                } catch (IOException | RuntimeException e) {
                    problems.add("password file " + passwordFile + " cannot be read (" + e + ")");
                    secret = "unread";
                }
            }
            checkLogin(problems, bucket, user, secret);
            if (passwordFile != null && secret != null && secret.isEmpty()) {
                problems.add(passwordFile + " is empty");
            }
            positive(problems, "readyTimeout", readyTimeout);
            positive(problems, "queryTimeout", queryTimeout);
            long distinct = designDocuments.stream().map(DesignDocument::name).distinct().count();
            if (distinct != designDocuments.size()) {
                problems.add("design documents must have distinct names");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid Couchbase settings: " + String.join("; ", problems));
            }
            return new CouchbaseSettings(nodes, bucket, user, secret, readyTimeout, queryTimeout, designDocuments);
        }

        private static void positive(List<String> problems, String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                problems.add(name + " must be positive, was " + value);
            }
        }
    }
}
