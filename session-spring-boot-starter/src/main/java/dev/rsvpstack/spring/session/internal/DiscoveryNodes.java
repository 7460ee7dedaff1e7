package dev.rsvpstack.spring.session.internal;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.Subscription;
import dev.rsvpstack.session.MemcachedSessionStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memcached nodes registered in etcd ({@code /services/<service>/<instance>} = {@code host[:port]},
 * as {@code rsvp-stack sidekick} writes them), followed: each change of the list is applied to the
 * store in place ({@code replaceNodes}: only the keys of nodes that come or go move). An empty list
 * (every node's lease gone) keeps the last known nodes rather than having none.
 */
public final class DiscoveryNodes implements NodeSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryNodes.class);

    private final String service;
    private final CompletableFuture<List<InetSocketAddress>> first = new CompletableFuture<>();
    private final AtomicReference<List<InetSocketAddress>> latest = new AtomicReference<>();
    private final AtomicReference<MemcachedSessionStore> store = new AtomicReference<>();
    private final Subscription subscription;

    private DiscoveryNodes(Discovery discovery, String service) {
        this.service = service;
        this.subscription = discovery.watch(service, (snapshot, changes) -> onSnapshot(snapshot));
    }

    /**
     * Watches {@code service} and waits until at least one node is registered.
     *
     * @throws IllegalStateException when none is within {@code wait}
     */
    public static DiscoveryNodes start(Discovery discovery, String service, Duration wait) {
        DiscoveryNodes nodes = new DiscoveryNodes(discovery, service);
        try {
            nodes.first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return nodes;
        } catch (TimeoutException | ExecutionException e) {
            nodes.close();
            throw new IllegalStateException("no memcached node registered under /services/" + service + "/ within "
                    + wait.toSeconds() + " s (rsvp.session.discovery.startup-wait)", e);
        } catch (InterruptedException e) {
            nodes.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for memcached nodes", e);
        }
    }

    @Override
    public List<InetSocketAddress> current() {
        return latest.get();
    }

    @Override
    public void follow(MemcachedSessionStore target) {
        store.set(target);
        List<InetSocketAddress> now = latest.get();
        if (!now.equals(target.nodes())) {
            target.replaceNodes(now);
        }
    }

    private void onSnapshot(ServiceSnapshot snapshot) {
        if (snapshot.isEmpty()) {
            if (latest.get() != null) {
                LOG.warn("no memcached node is registered under /services/{}/ any more; keeping {}", service,
                        latest.get());
            }
            return;
        }
        List<InetSocketAddress> addresses = snapshot.instances().stream()
                .map(instance -> new InetSocketAddress(instance.host(), instance.port())).toList();
        latest.set(addresses);
        first.complete(addresses);
        MemcachedSessionStore target = store.get();
        if (target != null) {
            LOG.info("memcached nodes for sessions: {}", addresses);
            target.replaceNodes(addresses);
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
