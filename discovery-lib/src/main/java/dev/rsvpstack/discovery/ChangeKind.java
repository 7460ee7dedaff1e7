package dev.rsvpstack.discovery;

/**
 * What a watched key's change means (docs/architecture.md, "etcd: keys, leases, changes"). The book's sidekicks set
 * a key to announce a new address and updated it to keep it alive; here a lease keep-alive writes
 * nothing, and a re-put of the same value is REFRESHED, which reconfigures nothing.
 */
public enum ChangeKind {
    /** A PUT that created the key ({@code createRevision == modRevision}): reconfigure. */
    ADDED,
    /** A PUT whose value differs from the previous one: reconfigure. */
    MOVED,
    /** A PUT with the same value: nothing to do. */
    REFRESHED,
    /** A DELETE, including lease expiry: drop that instance, keep running on the rest. */
    REMOVED;

    /** Whether this change alters the set of instances or their addresses. */
    public boolean changesTopology() {
        return this != REFRESHED;
    }
}
