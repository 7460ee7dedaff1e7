package dev.rsvpstack.discovery;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The instances of a service at one moment, sorted by instance id. Immutable: a listener may keep
 * it as long as it likes.
 *
 * @param service   the service name, for example {@code couchbase}
 * @param instances its instances, sorted by id
 * @param revision  the etcd revision this snapshot reflects (0 for static discovery)
 */
public record ServiceSnapshot(String service, List<ServiceInstance> instances, long revision) {
    public ServiceSnapshot {
        Objects.requireNonNull(service, "service");
        instances = instances.stream().sorted(Comparator.comparing(ServiceInstance::id)).toList();
    }

    public static ServiceSnapshot empty(String service) {
        return new ServiceSnapshot(service, List.of(), 0);
    }

    public boolean isEmpty() {
        return instances.isEmpty();
    }

    /** The {@code host:port} of every instance, in id order. */
    public List<String> hostsAndPorts() {
        return instances.stream().map(ServiceInstance::hostAndPort).toList();
    }

    /** Same instances at the same addresses, whatever the revision. */
    public boolean sameInstancesAs(ServiceSnapshot other) {
        return other != null && service.equals(other.service) && instances.equals(other.instances);
    }
}
