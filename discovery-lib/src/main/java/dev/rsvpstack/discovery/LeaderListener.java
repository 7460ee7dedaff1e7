package dev.rsvpstack.discovery;

/**
 * Hears when this candidate becomes the leader of an election and when it stops being it. Calls come
 * one at a time, in order, on the election's own callback thread: every {@link #elected()} is
 * followed by exactly one {@link #revoked()} (at the latest when the election is closed) before the
 * next {@link #elected()}.
 */
public interface LeaderListener {
    /** This candidate is now the leader: start the work only one instance may do. */
    void elected();

    /**
     * This candidate is no longer the leader (its lease was lost, etcd could not confirm it in time,
     * or the election is closing): stop that work now, another instance may take over.
     */
    void revoked();
}
