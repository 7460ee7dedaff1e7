package dev.rsvpstack.discovery;

import java.util.Objects;

/**
 * One classified change of one instance key.
 *
 * @param kind          ADDED, MOVED, REFRESHED or REMOVED
 * @param service       the service
 * @param instanceId    the instance (last key segment)
 * @param previousValue the raw value before the change, or {@code null} if unknown or new
 * @param value         the raw value after the change, or {@code null} for REMOVED
 * @param revision      the etcd revision of the change
 */
public record ServiceChange(ChangeKind kind, String service, String instanceId, String previousValue, String value,
                            long revision) {
    public ServiceChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}
