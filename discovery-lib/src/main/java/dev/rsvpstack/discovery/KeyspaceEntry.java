package dev.rsvpstack.discovery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One key as an operator sees it: raw value, when it was created, and how long its lease has left.
 *
 * @param key            the full key, for example {@code /services/memcached/1}
 * @param value          the raw value, unparsed (a garbage value is shown, not hidden)
 * @param createRevision the etcd revision that created the key; in an election the lowest leads
 * @param leaseRemaining what is left of the key's lease; empty for a key without a lease, zero
 *                       for a lease that has just expired
 */
public record KeyspaceEntry(String key, String value, long createRevision, Optional<Duration> leaseRemaining) {
    public KeyspaceEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(leaseRemaining, "leaseRemaining");
    }

    /** The last segment of the key: the instance of a service, the name of a config value. */
    public String lastSegment() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * The segment after {@code root}: the service of {@code /services/<service>/<instance>}, the
     * election of {@code /elections/<name>/<lease>}.
     */
    public String segmentAfter(String root) {
        if (!key.startsWith(root)) {
            throw new IllegalArgumentException(key + " is not under " + root);
        }
        int end = key.indexOf('/', root.length());
        return end < 0 ? key.substring(root.length()) : key.substring(root.length(), end);
    }
}
