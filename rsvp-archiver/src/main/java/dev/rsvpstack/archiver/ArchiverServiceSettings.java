package dev.rsvpstack.archiver;

import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.discovery.RestartPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the archiver service needs besides discovery.
 *
 * @param archiver       stream, spool and retry settings
 * @param candidateId    this instance in the leader election (for example the host name)
 * @param leaderTtl      the lease behind leadership: a standby takes over within it
 * @param bucket         the Couchbase bucket (also the user name for a bucket-password login)
 * @param username       the Couchbase user
 * @param password       the Couchbase password; never a default in code
 * @param policy         what a moved Couchbase does: RELOAD in process, or EXIT for the launcher to restart
 * @param statusHost     where {@code /healthz} and {@code /metrics} listen
 * @param statusPort     their port; 0 picks a free one
 * @param leaderGrace    how long a new leader waits after winning before it connects to the stream, so the
 *                       old leader's connection is gone first (see docs/architecture.md)
 */
public record ArchiverServiceSettings(ArchiverSettings archiver, String candidateId, Duration leaderTtl, String bucket,
                                      String username, String password, RestartPolicy policy, String statusHost,
                                      int statusPort, Duration leaderGrace) {
    /** The grace chosen from the failover measurements in docs/architecture.md. */
    public static final Duration DEFAULT_LEADER_GRACE = Duration.ofSeconds(1);

    /** With {@link #DEFAULT_LEADER_GRACE}. */
    public ArchiverServiceSettings(ArchiverSettings archiver, String candidateId, Duration leaderTtl, String bucket,
                                   String username, String password, RestartPolicy policy, String statusHost,
                                   int statusPort) {
        this(archiver, candidateId, leaderTtl, bucket, username, password, policy, statusHost, statusPort,
                DEFAULT_LEADER_GRACE);
    }

    public ArchiverServiceSettings {
        Objects.requireNonNull(archiver, "archiver");
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("candidateId must not be blank");
        }
        if (leaderTtl == null || leaderTtl.toSeconds() < 2) {
            throw new IllegalArgumentException("leaderTtl must be at least 2 s, was " + leaderTtl);
        }
        CouchbaseSettings.requireLogin(bucket, username, password);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(statusHost, "statusHost");
        if (statusPort < 0 || statusPort > 65_535) {
            throw new IllegalArgumentException("statusPort must be 0 to 65535, was " + statusPort);
        }
        if (leaderGrace == null || leaderGrace.isNegative()) {
            throw new IllegalArgumentException("leaderGrace must be zero or more, was " + leaderGrace);
        }
    }
}
