package dev.rsvpstack.discovery;

/**
 * One candidate in a leader election on etcd, so that one instance of a service is active and the
 * others are hot standbys (the archiver: two instances writing the same stream would do the work
 * twice). The leader holds a key under {@code /elections/<name>} attached to a lease it keeps alive;
 * when it dies, the lease expires within its TTL and the next candidate is elected. A leader that
 * cannot confirm its lease in time steps down before the lease could expire, so two leaders never
 * overlap as long as clocks run at the same rate.
 *
 * <p>The candidate campaigns until it is closed: after losing its lease it campaigns again with a
 * new one. Closing resigns and revokes the lease, so a standby takes over at once instead of after
 * the TTL.
 */
public interface LeaderElection extends AutoCloseable {
    /** The election's name: its key prefix is {@code /elections/<name>}. */
    String electionName();

    /** This candidate's id, stored as the leader key's value, for example a host name. */
    String candidateId();

    /** Whether this candidate leads now, as far as it can tell (between {@code elected} and {@code revoked}). */
    boolean isLeader();

    /** Steps down if leading ({@link LeaderListener#revoked()} first), resigns and revokes the lease. */
    @Override
    void close();
}
