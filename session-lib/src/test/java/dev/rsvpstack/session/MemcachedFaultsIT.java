package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.session.internal.NpmHashRing;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** memcached nodes dying, freezing and vanishing under session-lib: users lose sessions, never responses. */
class MemcachedFaultsIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);
    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private final Http http = new Http();
    private MemcachedSessionStore store;
    private Sessions sessions;
    private DemoServer server;

    @BeforeEach
    void start() {
        MEMCACHED.nodes().forEach(node -> {
            if (node.isRunning()) {
                node.thaw();
            }
        });
        MEMCACHED.startAll();
        store = SessionStores.memcached(MemcachedSettings.builder().nodes(MEMCACHED.addresses())
                .operationTimeout(TIMEOUT).build());
        sessions = Sessions.builder(store, SessionSettings.builder("faults").build()).build();
        server = new DemoServer(sessions, 0);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        MEMCACHED.nodes().forEach(node -> {
            if (node.isRunning()) {
                node.thaw();
            }
        });
        MEMCACHED.startAll();
    }

    @Test
    void a_node_killed_under_load_gives_no_error_and_its_sessions_are_found_on_their_heirs() throws Exception {
        List<Http.Reply> created = IntStream.range(0, 45).mapToObj(i -> http.get(server.uri("/visit"), null)).toList();
        InetSocketAddress victim = MEMCACHED.addresses().get(2);
        List<Http.Reply> onVictim = created.stream()
                .filter(r -> RawMemcached.get(victim, "sess:" + r.id()) != null).toList();
        assertThat(onVictim).isNotEmpty().hasSizeLessThan(created.size());

        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            clients.add(load.submit(() -> {
                for (int i = offset; running.get() && i < 100_000; i++) {
                    Http.Reply reply = http.get(server.uri("/read"), created.get(i % created.size()).cookie());
                    statuses.merge(reply.status(), 1, Integer::sum);
                }
                return null;
            }));
        }
        try {
            org.awaitility.Awaitility.await().until(() -> statuses.values().stream().mapToInt(i -> i).sum() > 200);
            MEMCACHED.node(2).kill();
            int before = statuses.values().stream().mapToInt(i -> i).sum();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> statuses.values().stream().mapToInt(i -> i).sum() > before + 1000);
        } finally {
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
            load.shutdownNow();
        }
        assertThat(statuses.keySet()).containsOnly(200);

        // the dead node's sessions are read from their heirs (the backup), the others' from their nodes
        for (Http.Reply session : created) {
            Http.Reply read = http.get(server.uri("/read"), session.cookie());
            assertThat(read.id() + " " + read.views()).as("on the killed node: %s", onVictim.contains(session))
                    .isEqualTo(session.id() + " 1");
        }
    }

    @Test
    void a_frozen_node_s_sessions_are_read_from_their_heirs_after_the_operation_timeout() {
        List<Http.Reply> created = IntStream.range(0, 30).mapToObj(i -> http.get(server.uri("/visit"), null)).toList();
        String frozen = MemcachedSettings.serverString(MEMCACHED.addresses().get(1));
        NpmHashRing ring = new NpmHashRing(MEMCACHED.addresses().stream().map(MemcachedSettings::serverString).toList());
        List<Http.Reply> onFrozen = created.stream().filter(r -> ring.serverFor("sess:" + r.id()).equals(frozen)).toList();
        assertThat(onFrozen).isNotEmpty();

        MEMCACHED.node(1).freeze(); // its connection stays open: every get of its keys times out
        for (Http.Reply session : onFrozen) {
            Http.Reply read = http.get(server.uri("/read"), session.cookie());
            assertThat(read.id() + " " + read.views()).isEqualTo(session.id() + " 1");
        }
        assertThat(sessions.stats().heirReads()).isGreaterThanOrEqualTo(onFrozen.size());
        assertThat(sessions.stats().storeFailures()).isZero();
    }

    @Test
    void with_every_node_frozen_requests_are_served_within_the_operation_timeout() {
        Http.Reply existing = http.get(server.uri("/visit"), null);
        MEMCACHED.nodes().forEach(node -> node.freeze());
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Http.Reply reply = http.get(server.uri("/visit"), existing.cookie());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.views()).isEqualTo("1"); // served without its session
            // the session's node, then its heir, each within the timeout
            assertThat(took).isLessThan(TIMEOUT.multipliedBy(6));
        }
        assertThat(sessions.stats().storeFailures()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void with_every_node_down_requests_are_served_without_persistence() {
        MEMCACHED.nodes().forEach(node -> node.kill());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long start = System.nanoTime();
            Http.Reply reply = http.get(server.uri("/visit"), null);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
            Http.Reply again = http.get(server.uri("/visit"), reply.cookie());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.views()).isEqualTo("1");
        });
        assertThat(sessions.stats().storeFailures()).isPositive();
    }
}
