package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web service composed from etcd: Couchbase and memcached found under {@code /services/}, and a
 * moved memcached applied in process ({@code reload}) or reported for a restart ({@code exit}) by
 * the same supervisor as Couchbase.
 */
class WebServiceIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    /** What the instances announce: where a load balancer would reach them (nothing is sent there). */
    private static final String ADVERTISED = "192.0.2.10:3000";

    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private Discovery discovery;
    private WebService service;

    @BeforeEach
    void announce() throws Exception {
        MEMCACHED.startAll();
        // each test starts from these two registrations only
        ETCD.deletePrefix("/services/");
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.server().kvPort());
        ETCD.put("/services/memcached/1", hostPort(MEMCACHED.node(0).address()));
        discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints())
                .defaultPort(WebService.COUCHBASE_SERVICE, 11210).defaultPort(WebService.MEMCACHED_SERVICE, 11211)
                .debounce(new Debounce(Duration.ofMillis(200), Duration.ofSeconds(1))).build();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        discovery.close();
    }

    @Test
    void under_reload_a_moved_memcached_keeps_sessions_working_on_the_new_node() throws Exception {
        service = start(RestartPolicy.RELOAD);
        await().atMost(Duration.ofSeconds(10)).until(this::sessionIsKept); // on the first node

        ETCD.put("/services/memcached/1", hostPort(MEMCACHED.node(1).address()));
        MEMCACHED.node(0).stop(); // a session can now only live on the second node

        await().atMost(Duration.ofSeconds(15)).until(this::sessionIsKept);
        assertThat(restarts).isEmpty();
        assertThat(service.web().clientCount()).isZero();
    }

    @Test
    void under_exit_a_moved_memcached_asks_for_a_restart_once() throws Exception {
        service = start(RestartPolicy.EXIT);

        ETCD.put("/services/memcached/1", hostPort(MEMCACHED.node(1).address()));

        await().atMost(Duration.ofSeconds(15)).until(() -> !restarts.isEmpty());
        assertThat(restarts).hasSize(1).allMatch(r -> r.startsWith("memcached: "));
        assertThat(Http.get(service.web().uri()).statusCode()).as("it serves until the launcher restarts it")
                .isEqualTo(200);
    }

    @Test
    void couchbase_registered_after_the_start_is_queried_at_once_and_the_instance_becomes_ready() throws Exception {
        ETCD.deletePrefix("/services/couchbase/");
        service = start(RestartPolicy.RELOAD);
        URI readyz = service.web().uri().resolve("/readyz");
        assertThat(Http.get(readyz).statusCode()).as("no Couchbase yet").isEqualTo(503);

        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.server().kvPort());

        // Without clients the poller's next turn is a minute away: only the query the new connection
        // triggers can make it ready this soon.
        await().atMost(Duration.ofSeconds(15)).until(() -> Http.get(readyz).statusCode() == 200);
        assertThat(restarts).isEmpty();
    }

    @Test
    void a_ready_instance_is_announced_and_a_stop_fails_readyz_withdraws_then_drains_counting_late_requests()
            throws Exception {
        service = start(RestartPolicy.RELOAD, Optional.of(new WebAnnouncement("it-1", ADVERTISED, Duration.ofSeconds(3))));
        await().atMost(Duration.ofSeconds(15)).until(() -> discovery.lookup("web").hostsAndPorts()
                .equals(List.of(ADVERTISED)));
        RsvpWebServer web = service.web();

        Thread stopping = new Thread(service::close, "stopping");
        stopping.start();
        service = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> discovery.lookup("web").isEmpty());
        HttpResponse<String> readyz = Http.get(web.managementUri().resolve("/readyz"));
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).contains("draining: this instance is shutting down");
        assertThat(Http.get(web.uri()).statusCode()).as("still served while draining").isEqualTo(200);
        assertThat(Http.metric(web, "rsvp_web_requests_after_leaving_total", "")).isEqualTo(1.0);

        stopping.join(Duration.ofSeconds(15).toMillis());
        assertThat(stopping.isAlive()).isFalse();
    }

    @Test
    void an_instance_is_announced_only_once_readyz_has_passed() {
        ETCD.deletePrefix("/services/couchbase/");
        service = start(RestartPolicy.RELOAD, Optional.of(new WebAnnouncement("it-2", ADVERTISED, Duration.ofSeconds(3))));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> discovery.lookup("web").isEmpty());

        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.server().kvPort());

        await().atMost(Duration.ofSeconds(15)).until(() -> discovery.lookup("web").hostsAndPorts()
                .equals(List.of(ADVERTISED)));
    }

    private WebService start(RestartPolicy policy) {
        return start(policy, Optional.empty());
    }

    private WebService start(RestartPolicy policy, Optional<WebAnnouncement> announcement) {
        WebServiceSettings settings = new WebServiceSettings(WebSettings.builder().host("127.0.0.1").port(0)
                .pollInterval(Duration.ofMillis(200)).build(), policy, COUCHBASE.bucketName(), COUCHBASE.username(),
                COUCHBASE.password(), List.of("web-service-it-secret"), Optional.empty(), true, announcement,
                new Draining(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        return WebService.start(settings, discovery, TestRegistry.create(),
                (component, reason) -> restarts.add(component + ": " + reason));
    }

    /** A first visit gets a cookie, and the next visit with it is recognised (no new cookie). */
    private boolean sessionIsKept() throws Exception {
        HttpResponse<String> first = Http.get(service.web().uri());
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> second = Http.get(service.web().uri(), "Cookie", cookie.substring(0, cookie.indexOf(';')));
        return second.statusCode() == 200 && second.headers().firstValue("Set-Cookie").isEmpty();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
