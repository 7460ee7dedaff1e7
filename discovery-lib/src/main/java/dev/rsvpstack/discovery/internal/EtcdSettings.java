package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Debounce;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Validated settings of an etcd-backed discovery, built by {@code EtcdDiscovery.Builder}.
 *
 * @param endpoints      etcd client URLs
 * @param defaultPorts   per service, the port of a value that names none
 * @param debounce       how watch deliveries are folded
 * @param requestTimeout how long one etcd request may take
 * @param retryDelay     the first delay between retries (doubled up to 10 s)
 * @param healthCheckInterval how often each member is asked whether it has a leader, and each watch
 *                       stream whether it keeps up
 */
public record EtcdSettings(List<URI> endpoints, Map<String, Integer> defaultPorts, Debounce debounce,
                           Duration requestTimeout, Duration retryDelay, Duration healthCheckInterval) {
    public int defaultPort(String service) {
        return defaultPorts.getOrDefault(service, 0);
    }

    public String endpointList() {
        return endpoints.toString();
    }
}
