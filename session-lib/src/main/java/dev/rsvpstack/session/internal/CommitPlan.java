package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import java.time.Duration;
import java.util.Set;

/**
 * What committing one request's session takes: ids to delete (destroyed, or replaced by a new id),
 * then at most one of a write, a touch, or nothing.
 */
record CommitPlan(Kind kind, SessionRecord record, SessionChanges changes, Duration ttl, String touchId,
        boolean created, Set<String> deletes) {
    enum Kind { NONE, SKIP, TOUCH, WRITE }

    static CommitPlan none(Set<String> deletes) {
        return new CommitPlan(Kind.NONE, null, null, null, null, false, deletes);
    }

    static CommitPlan skip(Set<String> deletes) {
        return new CommitPlan(Kind.SKIP, null, null, null, null, false, deletes);
    }

    static CommitPlan touch(String id, Duration ttl) {
        return new CommitPlan(Kind.TOUCH, null, null, ttl, id, false, Set.of());
    }

    static CommitPlan whole(SessionRecord record, Duration ttl, boolean created, Set<String> deletes) {
        return new CommitPlan(Kind.WRITE, record, SessionChanges.whole(), ttl, null, created, deletes);
    }

    static CommitPlan merge(SessionRecord record, Set<String> names, Duration ttl, Set<String> deletes) {
        return new CommitPlan(Kind.WRITE, record, SessionChanges.of(names), ttl, null, false, deletes);
    }
}
