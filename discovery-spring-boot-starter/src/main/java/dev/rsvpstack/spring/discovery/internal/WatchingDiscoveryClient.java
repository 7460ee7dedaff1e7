package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud's {@link DiscoveryClient} over {@code /services/<service>/<instance>}. The first request
 * for a service opens a discovery-lib watch on it; later requests answer from the watch's latest
 * snapshot, in memory, so LoadBalancer may ask on every call (its own cache is switched off, see
 * {@code EtcdLoadBalancerConfiguration}) and sees a moved instance as soon as the watch delivers it.
 */
public final class WatchingDiscoveryClient implements DiscoveryClient, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(WatchingDiscoveryClient.class);

    private final Discovery discovery;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private record Watched(Subscription subscription, AtomicReference<ServiceSnapshot> latest) {
    }

    public WatchingDiscoveryClient(Discovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public String description() {
        return "etcd (rsvp-stack discovery-lib)";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        Watched service;
        try {
            service = watched.computeIfAbsent(serviceId, this::watch);
        } catch (IllegalArgumentException e) {
            LOG.debug("not an etcd service name: {}", e.getMessage());
            return List.of();
        }
        ServiceSnapshot snapshot = service.latest().get();
        return instances(snapshot != null ? snapshot : discovery.lookup(serviceId));
    }

    private Watched watch(String service) {
        AtomicReference<ServiceSnapshot> latest = new AtomicReference<>();
        Subscription subscription = discovery.watch(service, (snapshot, changes) -> latest.set(snapshot));
        return new Watched(subscription, latest);
    }

    @Override
    public List<String> getServices() {
        return new ArrayList<>(discovery.lookupAll().keySet());
    }

    @Override
    public void probe() {
        discovery.lookupAll();
    }

    private static List<ServiceInstance> instances(ServiceSnapshot snapshot) {
        return snapshot.instances().stream().<ServiceInstance>map(instance -> new DefaultServiceInstance(instance.id(),
                snapshot.service(), instance.host(), instance.port(), false)).toList();
    }

    @Override
    public void destroy() {
        watched.values().forEach(service -> service.subscription().close());
        watched.clear();
    }
}
