package dev.rsvpstack.archiver;

import java.util.OptionalLong;

/**
 * Where the archiver keeps its resume point (an {@code mtime}) between runs, so a restart asks the
 * stream for {@code since_mtime} and leaves no gap.
 *
 * <p>Every save carries a leadership term ({@link #NO_TERM} for an archiver run without an election),
 * and a store that keeps terms never lets its stored term go down: a save of an older term, including
 * one with no term, is refused. So no save can erase the term that fences a stale leader.
 */
public interface CheckpointStore {
    /** The term of a save by an archiver run without a leader election: older than every elected term. */
    long NO_TERM = 0;

    /**
     * The epoch of a term whose etcd is unknown (a leader without etcd, a caller that does not say):
     * such a term is compared by revision only.
     */
    String UNKNOWN_EPOCH = "";

    /** The saved resume point, or empty when there is none (or it cannot be read now). */
    OptionalLong load();

    /**
     * Reads the resume point and, atomically with the read, stamps it with leadership {@code term}:
     * from then on a save of an older term is refused. A new leader calls this once before it reads
     * the stream. The default only reads.
     */
    default OptionalLong claim(long term) {
        return load();
    }

    /**
     * {@link #claim(long)} for a term issued by the etcd of {@code epoch} (see {@code LeadershipTerm}):
     * revisions are compared only within one epoch. A term of an epoch the store has not seen (etcd was
     * rebuilt and counts revisions from 1 again) takes the checkpoint over whatever its revision, and
     * the epoch it replaced is refused from then on. The default ignores the epoch.
     */
    default OptionalLong claim(String epoch, long term) {
        return claim(term);
    }

    /**
     * Saves the resume point for leadership {@code term} ({@link #NO_TERM} without an election), unless
     * a later term has claimed or saved it: a leader that woke from a pause cannot move the resume point
     * backwards, and an archiver without an election cannot overwrite an elected leader's point or its
     * term. A store that keeps no terms writes every save. Refusals and failures are logged, not thrown.
     */
    Saved save(long mtime, long term);

    /**
     * {@link #save(long, long)} for a term issued by the etcd of {@code epoch}, under the rule of
     * {@link #claim(String, long)}. The default ignores the epoch.
     */
    default Saved save(long mtime, String epoch, long term) {
        return save(mtime, term);
    }

    /** What a save did. */
    enum Saved {
        /** The point is stored. */
        WRITTEN,
        /**
         * A later term holds the checkpoint (for a save with {@link #NO_TERM}: any term does), or a
         * term of an etcd that replaced this term's; nothing was written. For a leader: its term is over.
         */
        REFUSED,
        /** The store did not answer; the next save tries again. */
        FAILED
    }

    /** Keeps nothing: every start joins the live stream. */
    CheckpointStore NONE = new CheckpointStore() {
        @Override
        public OptionalLong load() {
            return OptionalLong.empty();
        }

        @Override
        public Saved save(long mtime, long term) {
            return Saved.WRITTEN; // nothing kept, nothing to refuse
        }
    };
}
