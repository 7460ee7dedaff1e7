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
