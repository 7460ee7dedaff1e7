package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.testkit.etcd.EtcdCluster;
import dev.rsvpstack.testkit.haproxy.HaproxyServer;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/frontdoor/run: the front door's figures on real etcd and Debian's HAProxy, lb-sync in process.
 * One run; prints {@code name: value} lines. The web instances are {@link RsvpWebServer}s with an empty
 * source, announced through {@code Discovery.register} with the probe {@code WebService} uses (ready once,
 * every 500 ms), drained in {@code WebService}'s order.
 */
public final class FrontDoorBench {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FrontDoorBench() {
    }

    public static void main(String[] args) throws Exception {
        try (EtcdCluster etcd = new EtcdCluster("frontdoor-bench", 1).start();
             HaproxyServer haproxy = new HaproxyServer("frontdoor-bench", "web").start();
             Discovery discovery = EtcdDiscovery.builder().endpoints(etcd.endpoints()).debounce(Debounce.OFF)
                     .meterRegistry(new SimpleMeterRegistry()).build();
             LbSync sync = LbSync.start(discovery, "web", new LbReconciler(new HaproxyRuntime(HaproxySocket.unix(
                     haproxy.statsSocket(), Duration.ofSeconds(2))), "web", "check inter 1s fall 2 rise 1"),
                     Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            System.out.println("lb_sync_haproxy_reachable_at_start: " + sync.status().haproxyReachable());
            // 1. from /readyz passing to the first request through HAProxy, an instance alone in the backend:
            // its source fails until released, so /readyz passes at a moment this program watches
            AtomicBoolean released = new AtomicBoolean();
            Instance first = Instance.start(discovery, "bench-1", released);
            Thread.sleep(1000);
            released.set(true);
            first.web.sourceChanged(); // as WebService does when Couchbase comes: query now, not in a minute
            long ready = first.awaitReady();
            long served = awaitStatus(haproxy.uri(), 200);
            System.out.println("first_request_after_ready_ms: " + (served - ready) / 1_000_000);

            // 2. a second instance, steady HTTP load through HAProxy, then the first drains as WebService does
            Instance second = Instance.start(discovery, "bench-2", new AtomicBoolean(true));
            second.awaitReady();
            awaitBothServing(haproxy);
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong requests = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            List<Thread> load = List.of(loader(haproxy.uri(), loading, requests, errors),
                    loader(haproxy.uri(), loading, requests, errors));
            load.forEach(Thread::start);
            Thread.sleep(2000); // steady load before the stop
            long before = requests.get();
            long start = System.nanoTime();
            first.web.drain();
            first.web.leaving();
            first.registration.close();
            first.web.awaitNoNewRequests(Duration.ofSeconds(1), Duration.ofSeconds(3));
            long drained = System.nanoTime() - start;
            first.web.close();
            Thread.sleep(1000); // load goes on to the other instance
            loading.set(false);
            for (Thread t : load) {
                t.join();
            }
            System.out.println("drain_ms: " + drained / 1_000_000);
            System.out.println("requests_after_leaving: " + (long) first.registry.get("rsvp.web.requests.after.leaving")
                    .counter().count());
            System.out.println("http_errors_during_drain: " + errors.get());
            System.out.println("http_requests_during_drain: " + (requests.get() - before));
            second.registration.close();
            second.web.close();
        }
    }

    private record Instance(RsvpWebServer web, Registration registration, PrometheusMeterRegistry registry) {
        static Instance start(Discovery discovery, String name, AtomicBoolean released) {
            PrometheusMeterRegistry registry = Registries.prometheus();
            RsvpWebServer web = RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(0)
                    .pollInterval(Duration.ofMillis(200)).build()).source(limit -> {
                        if (!released.get()) {
                            throw new IllegalStateException("not released yet");
                        }
                        return List.of();
                    })
                    .meterRegistry(registry).start();
            AtomicBoolean readyOnce = new AtomicBoolean();
            Registration registration = discovery.register(RegistrationRequest.builder("web", name,
                    "127.0.0.1:" + web.uri().getPort()).probe(() -> {
                        if (web.draining()) {
                            return false;
                        }
                        if (!readyOnce.get() && web.notReadyBecause().isEmpty()) {
                            readyOnce.set(true);
                        }
                        return readyOnce.get();
                    }, Duration.ofMillis(500)).build());
            return new Instance(web, registration, registry);
        }

        /** The instant (System.nanoTime) /readyz first answered 200, polled every 2 ms. */
        long awaitReady() throws Exception {
            return awaitStatus(web.managementUri().resolve("/readyz"), 200);
        }
    }

    /** Both servers in HAProxy's backend, up and out of maintenance. */
    private static void awaitBothServing(HaproxyServer haproxy) throws Exception {
        HaproxyRuntime runtime = new HaproxyRuntime(HaproxySocket.unix(haproxy.statsSocket(), Duration.ofSeconds(2)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (runtime.servers("web").stream().filter(s -> s.describe().equals("UP")).count() == 2) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("HAProxy did not have both instances up within 10 s");
    }

    private static Thread loader(URI front, AtomicBoolean loading, AtomicLong requests, AtomicLong errors) {
        return new Thread(() -> {
            while (loading.get()) {
                int status = get(front);
                requests.incrementAndGet();
                if (status < 200 || status >= 400) {
                    errors.incrementAndGet();
                }
            }
        }, "load");
    }

    private static long awaitStatus(URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(uri) == status) {
                return System.nanoTime();
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(uri + " did not answer " + status + " within 30 s");
    }

    private static int get(URI uri) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
