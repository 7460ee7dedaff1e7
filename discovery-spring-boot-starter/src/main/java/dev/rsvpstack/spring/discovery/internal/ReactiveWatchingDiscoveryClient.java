package dev.rsvpstack.spring.discovery.internal;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The reactive face of {@link WatchingDiscoveryClient}: the same watches; a first lookup runs off the event loop. */
public final class ReactiveWatchingDiscoveryClient implements ReactiveDiscoveryClient {
    private final WatchingDiscoveryClient client;

    public ReactiveWatchingDiscoveryClient(WatchingDiscoveryClient client) {
        this.client = client;
    }

    @Override
    public String description() {
        return client.description();
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(client.getInstances(serviceId))).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromIterable(client.getServices())).subscribeOn(Schedulers.boundedElastic());
    }
}
