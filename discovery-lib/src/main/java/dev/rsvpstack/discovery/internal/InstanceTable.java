package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.ServiceSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw entries of one service prefix, as last read or watched, and the snapshot they make. Not
 * thread-safe: each watch owns one and touches it on its own thread.
 */
public final class InstanceTable {
    private final String service;
    private final String prefix;
    private final int defaultPort;
    private final InvalidEntries invalid;
    private final Map<String, String> raw = new HashMap<>();

    public InstanceTable(String service, int defaultPort, InvalidEntries invalid) {
        this.service = service;
        this.prefix = ServiceKeys.servicePrefix(service);
        this.defaultPort = defaultPort;
        this.invalid = invalid;
    }

    /** The instance id of {@code key}, or empty (and reported) when the key has the wrong shape. */
    public Optional<String> instanceId(String key, String value) {
        String id = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
        if (id.isEmpty() || id.indexOf('/') >= 0) {
            invalid.report(key, value, "not of the form " + prefix + "<instance>");
            return Optional.empty();
        }
        return Optional.of(id);
    }

    public void clear() {
        raw.clear();
    }

    /** Records a PUT; returns the previous raw value. */
    public String put(String id, String value) {
        return raw.put(id, value);
    }

    /** Records a DELETE; returns the previous raw value. */
    public String remove(String id) {
        return raw.remove(id);
    }

    public String get(String id) {
        return raw.get(id);
    }

    /** The usable instances; unusable values are reported and left out. */
    public ServiceSnapshot snapshot(long revision) {
        List<ServiceInstance> instances = new ArrayList<>(raw.size());
        raw.forEach((id, value) -> {
            Optional<AddressParser.HostPort> address = AddressParser.parse(value, defaultPort);
            if (address.isPresent()) {
                instances.add(new ServiceInstance(id, address.get().host(), address.get().port()));
            } else {
                invalid.report(prefix + id, value, defaultPort > 0
                        ? "not host, host:port or [v6]:port"
                        : "not host:port or [v6]:port (service '" + service + "' has no default port)");
            }
        });
        return new ServiceSnapshot(service, instances, revision);
    }
}
