package dev.rsvpstack.discovery;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything under {@code /services/}, {@code /elections/} and {@code /config/} at one etcd
 * revision, read in one transaction so the three agree.
 *
 * @param revision  the etcd revision of the read
 * @param services  keys under {@code /services/}, sorted by key
 * @param elections keys under {@code /elections/}, sorted by key, then by creation (the leader first)
 * @param config    keys under {@code /config/}, sorted by key
 */
public record KeyspaceListing(long revision, List<KeyspaceEntry> services, List<KeyspaceEntry> elections,
                              List<KeyspaceEntry> config) {
    public KeyspaceListing {
        services = sorted(services, Comparator.comparing(KeyspaceEntry::key));
        elections = sorted(elections, Comparator.comparing((KeyspaceEntry e) -> e.segmentAfter(ServiceKeys.ELECTIONS_ROOT))
                .thenComparingLong(KeyspaceEntry::createRevision));
        config = sorted(config, Comparator.comparing(KeyspaceEntry::key));
    }

    private static List<KeyspaceEntry> sorted(List<KeyspaceEntry> entries, Comparator<KeyspaceEntry> order) {
        return Objects.requireNonNull(entries, "entries").stream().sorted(order).toList();
    }
}
