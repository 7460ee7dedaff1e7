package dev.rsvpstack.session;

import java.util.Objects;
import java.util.Set;

/**
 * What one request changed, so that a store can merge concurrent requests on one session instead of
 * letting the last one overwrite the others: only the {@link #attributes() named attributes} are
 * written (set to the record's value, or removed when the record lacks them) onto the newest stored
 * record. {@link #whole()} writes the record as it is: for a new or regenerated session.
 *
 * @param wholeRecord write the record as given, creating it
 * @param attributes  the names this request set or removed; ignored when {@code wholeRecord}
 */
public record SessionChanges(boolean wholeRecord, Set<String> attributes) {
    private static final SessionChanges WHOLE = new SessionChanges(true, Set.of());

    public SessionChanges {
        attributes = Set.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** Write the whole record, creating the session. */
    public static SessionChanges whole() {
        return WHOLE;
    }

    /** Merge the named attributes onto the stored record (the cookie member is always refreshed). */
    public static SessionChanges of(Set<String> names) {
        return new SessionChanges(false, names);
    }
}
