package dev.rsvpstack.web.internal;

import dev.rsvpstack.discovery.ServiceSnapshot;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The memcached nodes of a snapshot, as the component a {@code ComponentSupervisor} keeps in step
 * with {@code /services/memcached/}. The session store itself is never rebuilt: a new node list is
 * applied to it in place ({@code replaceNodes} takes milliseconds and keeps the connections to the
 * nodes that stay), so closing an old list has nothing to release.
 */
public record MemcachedNodes(List<InetSocketAddress> addresses) implements AutoCloseable {
    public MemcachedNodes {
        addresses = List.copyOf(addresses);
    }

    public static MemcachedNodes of(ServiceSnapshot snapshot) {
        return new MemcachedNodes(snapshot.instances().stream()
                .map(instance -> new InetSocketAddress(instance.host(), instance.port())).toList());
    }

    @Override
    public void close() {
        // nothing to release: the store keeps its own connections
    }
}
