package dev.rsvpstack.discovery;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * The term this candidate leads in, if it leads and {@link #holds(LeadershipTerm) holds} it now;
     * empty otherwise.
     */
    Optional<LeadershipTerm> term();

    /**
     * Whether {@code term} is this candidate's current term and its lease cannot have expired yet by
     * etcd's clock, with a margin: on this process's monotonic clock, now is before the sending of the
     * newest acknowledged keep-alive plus the TTL, minus {@link #margin()}. This answers from memory
     * (no etcd call), so check it right before every side effect that must not overlap the next
     * leader's. It turns false by itself after a pause, before any callback has run.
     */
    boolean holds(LeadershipTerm term);

    /**
     * What {@link #holds} keeps in hand before the lease's earliest expiry: it covers a clock that runs
     * slower than etcd's (rate drift, not wall-clock jumps: the bound uses a monotonic clock) and the
     * work done between a check and its side effect.
     */
    Duration margin();

    /** Steps down if leading ({@link LeaderListener#revoked()} first), resigns and revokes the lease. */
    @Override
    void close();
}
