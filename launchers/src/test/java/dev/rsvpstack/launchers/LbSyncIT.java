package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.haproxy.HaproxyExtension;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lb-sync} between a real etcd and a real HAProxy (Debian's 2.6, an empty backend filled only
 * through the Runtime API): instances that register get traffic, instances that leave lose it, and a
 * restarted lb-sync or a restarted HAProxy is brought back to what etcd has. The instances are small
 * HTTP servers answering {@code /readyz} and their own name.
 */
class LbSyncIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackend("web");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<HttpServer> instances = new ArrayList<>();
    private Discovery discovery;
    private LbSync sync;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void emptyRegistry() {
        ETCD.deletePrefix("/services/");
        HAPROXY.server().restart(); // an empty backend
        discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).debounce(Debounce.OFF)
                .meterRegistry(registry).build();
    }

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        discovery.close();
        instances.forEach(server -> server.stop(0));
    }

    @Test
    void a_registered_instance_gets_traffic_through_haproxy_and_one_that_leaves_is_removed() throws Exception {
        sync = startSync();
        ETCD.put("/services/web/a", instance("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "a".equals(throughHaproxy()));

        ETCD.put("/services/web/b", instance("b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> namesAnswering().equals(Set.of("a", "b")));

        ETCD.deletePrefix("/services/web/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> serversInHaproxy().equals(Set.of("b")));
        assertThat(namesAnswering()).containsExactly("b");
        assertThat(registry.get("lbsync.changes").counter().count()).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void a_restarted_lb_sync_brings_haproxy_to_what_changed_in_etcd_while_it_was_away() throws Exception {
        sync = startSync();
        ETCD.put("/services/web/a", instance("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> serversInHaproxy().equals(Set.of("a")));
        sync.close();

        ETCD.deletePrefix("/services/web/a");
        ETCD.put("/services/web/b", instance("b"));
        sync = startSync();

        await().atMost(Duration.ofSeconds(5)).until(() -> serversInHaproxy().equals(Set.of("b")));
        assertThat(namesAnswering()).containsExactly("b");
    }

    @Test
    void a_restarted_haproxy_is_filled_again_and_its_outage_is_reported_not_fatal() throws Exception {
        sync = startSync();
        ETCD.put("/services/web/a", instance("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "a".equals(throughHaproxy()));

        HAPROXY.server().stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sync.status().haproxyReachable());
        assertThat(sync.status().haproxyProblem()).contains(HAPROXY.server().statsSocket().toString());
        assertThat(registry.get("lbsync.haproxy.reachable").gauge().value()).isZero();

        HAPROXY.server().start(); // an empty backend again
        await().atMost(Duration.ofSeconds(5)).until(() -> "a".equals(throughHaproxy()));
        assertThat(sync.status().haproxyReachable()).isTrue();
        assertThat(registry.get("lbsync.haproxy.failures").counter().count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void through_haproxy_a_web_instance_serves_the_page_and_probes_but_not_its_metrics() throws Exception {
        try (RsvpWebServer web = RsvpWebServer.builder(WebSettings.of("127.0.0.1", 0))
                .source(limit -> List.of()).meterRegistry(Registries.prometheus()).start()) {
            sync = startSync();
            ETCD.put("/services/web/web-1", "127.0.0.1:" + web.uri().getPort());
            await().atMost(Duration.ofSeconds(5)).until(() -> get("/").statusCode() == 200);

            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            assertThat(get("/metrics").statusCode()).as("/metrics through the front door").isEqualTo(404);
            HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(web.managementUri().resolve("/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("/metrics on the management listener").isEqualTo(200);
            assertThat(metrics.body()).contains("rsvp_web_socket_clients");
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(HAPROXY.server().uri().resolve(path)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private LbSync startSync() {
        LbReconciler reconciler = new LbReconciler(new HaproxyRuntime(
                HaproxySocket.unix(HAPROXY.server().statsSocket(), Duration.ofSeconds(2))), "web", "check inter 500ms");
        return LbSync.start(discovery, "web", reconciler, Duration.ofMillis(500), registry);
    }

    /** A web instance stand-in on a free loopback port: {@code /readyz} 200, everything else its name. */
    private String instance(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestURI().getPath().equals("/readyz") ? "ready\n" : name)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        instances.add(server);
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static String throughHaproxy() {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(HAPROXY.server().uri())
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** The names that answer over 8 requests through HAProxy's round robin. */
    private static Set<String> namesAnswering() {
        Set<String> names = new java.util.TreeSet<>();
        for (int i = 0; i < 8; i++) {
            names.add(throughHaproxy());
        }
        return names;
    }

    private static Set<String> serversInHaproxy() throws IOException {
        return new HaproxyRuntime(HaproxySocket.unix(HAPROXY.server().statsSocket(), Duration.ofSeconds(2)))
                .servers("web").stream().map(HaproxyRuntime.Server::name).collect(Collectors.toSet());
    }
}
