package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ChangeKind;
import java.util.Objects;

/** Classifies one watch event as docs/architecture.md's table says. Pure: easy to test, used by every watcher. */
public final class ChangeClassifier {
    private ChangeClassifier() {
    }

    /**
     * @param delete         whether the event is a DELETE (lease expiry included)
     * @param createRevision the key's create revision after a PUT
     * @param modRevision    the key's mod revision after a PUT
     * @param previousValue  the value before the PUT (from {@code prevKV}, or the watcher's own copy);
     *                       {@code null} when unknown
     * @param value          the value after the PUT
     */
    public static ChangeKind classify(boolean delete, long createRevision, long modRevision, String previousValue,
                                      String value) {
        if (delete) {
            return ChangeKind.REMOVED;
        }
        if (createRevision == modRevision) {
            return ChangeKind.ADDED;
        }
        // A PUT over a key whose previous value we do not know: treat as a move; a needless
        // reconfiguration is safer than a missed one.
        return Objects.equals(previousValue, value) ? ChangeKind.REFRESHED : ChangeKind.MOVED;
    }
}
