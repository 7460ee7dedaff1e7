package dev.rsvpstack.archiver;

import java.util.OptionalLong;

/**
 * Where the archiver keeps its resume point (an {@code mtime}) between runs, so a restart asks the
 * stream for {@code since_mtime} and leaves no gap.
 */
public interface CheckpointStore {
    /** The saved resume point, or empty when there is none (or it cannot be read now). */
    OptionalLong load();

    /** Saves the resume point; failures are logged, not thrown (the next save retries). */
    void save(long mtime);

    /**
     * Reads the resume point and, atomically with the read, stamps it with leadership {@code term}:
     * from then on a save of an older term is refused. A new leader calls this once before it reads
     * the stream. The default only reads.
     */
    default OptionalLong claim(long term) {
        return load();
    }

    /**
     * Saves the resume point for leadership {@code term}, unless a later term has claimed or saved it
     * (a leader that woke from a pause cannot move the resume point backwards). Refusals and failures
     * are logged, not thrown. The default ignores the term and reports every save as written.
     */
    default Saved save(long mtime, long term) {
        save(mtime);
        return Saved.WRITTEN;
    }

    /** What a fenced save did. */
    enum Saved {
        /** The point is stored. */
        WRITTEN,
        /** A later term holds the checkpoint: this leader's term is over, nothing was written. */
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
        public void save(long mtime) {
            // nothing kept
        }
    };
}
