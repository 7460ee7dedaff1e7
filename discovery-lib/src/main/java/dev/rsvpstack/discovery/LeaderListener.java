package dev.rsvpstack.discovery;

/**
 * Hears when this candidate becomes the leader of an election, when its leadership is in doubt, and
 * when it ends. The contract follows Curator's connection states (SUSPENDED, RECONNECTED, LOST):
 *
 * <ul>
 *   <li>{@link #elected(LeadershipTerm)}: a new term begins. Start the work only one instance may do.</li>
 *   <li>{@link #suspended(LeadershipTerm)}: a keep-alive of the term's lease failed or is late. The term
 *       may still be valid, or may end soon; this candidate does not know. Like Curator's SUSPENDED:
 *       hold new side effects that cannot be undone, or check {@link LeaderElection#holds} before each.</li>
 *   <li>{@link #resumed(LeadershipTerm)}: etcd acknowledged the lease again in time; the same term goes
 *       on (Curator's RECONNECTED).</li>
 *   <li>{@link #revoked()}: the term is over (Curator's LOST): the lease is gone, or it was not
 *       acknowledged for three quarters of its TTL, or the election is closing. Stop the work
 *       <em>before returning</em>: the election counts the step-down as done when this returns, and
 *       another candidate may lead once the lease expires by etcd's clock.</li>
 * </ul>
 *
 * <p>Calls come one at a time, in order, on the election's own callback thread: every
 * {@code elected} is followed by exactly one {@code revoked} (at the latest when the election is
 * closed) before the next {@code elected}; {@code suspended} and {@code resumed} come only in between.
 *
 * <p>A callback can arrive late: a process that was paused (a long GC, SIGSTOP, a stalled VM) runs no
 * callback while paused, and on waking its other threads may run first. So a listener alone does not
 * fence anything. Work that must never overlap with the next leader checks
 * {@link LeaderElection#holds(LeadershipTerm)} (a monotonic-clock bound) right before each side
 * effect, and stores that can carry the term's {@link LeadershipTerm#revision()} should.
 */
public interface LeaderListener {
    /** This candidate leads, in {@code term}. The default calls {@link #elected()}. */
    default void elected(LeadershipTerm term) {
        elected();
    }

    /** This candidate leads; for listeners that do not need the term. */
    default void elected() {
    }

    /** Leadership is in doubt: a keep-alive failed or is late. The default does nothing. */
    default void suspended(LeadershipTerm term) {
    }

    /** etcd acknowledged the lease again in time: {@code term} goes on. The default does nothing. */
    default void resumed(LeadershipTerm term) {
    }

    /**
     * This candidate is no longer the leader (its lease was lost, etcd could not confirm it in time,
     * or the election is closing): stop that work before returning, another instance may take over.
     */
    void revoked();
}
