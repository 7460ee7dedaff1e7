package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.session.internal.CookieSignerAccess;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** session-lib's Undertow handler on three real memcached nodes. */
class MemcachedSessionsIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);

    private final Http http = new Http();
    private MemcachedSessionStore store;
    private Sessions sessions;
    private DemoServer server;

    @BeforeEach
    void start() {
        store = SessionStores.memcached(TestSettings.patient(MEMCACHED.addresses()).build());
        sessions = Sessions.builder(store, SessionSettings.builder("it secret").build()).build();
        server = new DemoServer(sessions, 0);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void a_session_is_stored_as_express_session_json_under_sess_with_the_json_flag() {
        Http.Reply first = http.get(server.uri("/visit"), null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cookie()).startsWith("connect.sid=s%3A" + first.id() + ".");
        RawMemcached.Item item = await().until(() -> find("sess:" + first.id()), found -> found != null);
        assertThat(item.flags()).isEqualTo(2); // npm memcached's FLAG_JSON: connect-memcached parses it
        assertThat(item.text()).startsWith("{\"cookie\":{\"originalMaxAge\":null,").endsWith(",\"views\":1}");

        Http.Reply second = http.get(server.uri("/visit"), first.cookie());
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.views()).isEqualTo("2");
    }

    @Test
    void an_unchanged_session_is_read_without_being_written() {
        Http.Reply first = http.get(server.uri("/visit"), null);
        for (int i = 0; i < 10; i++) {
            assertThat(http.get(server.uri("/read"), first.cookie()).views()).isEqualTo("1");
        }
        assertThat(sessions.stats().writes()).isEqualTo(1);
        assertThat(sessions.stats().skippedWrites()).isEqualTo(10);
    }

    @Test
    void a_stored_record_that_is_not_json_is_treated_as_missing() {
        String id = "notjson0123456789";
        for (InetSocketAddress node : MEMCACHED.addresses()) {
            RawMemcached.set(node, "sess:" + id, 0, "<html>oops".getBytes(StandardCharsets.UTF_8));
        }
        Http.Reply reply = http.get(server.uri("/visit"), "connect.sid=" + CookieSignerAccess.signed("it secret", id));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.id()).isNotEqualTo(id);
        assertThat(reply.views()).isEqualTo("1");
        assertThat(sessions.stats().malformedRecords()).isEqualTo(1);
    }

    @Test
    void a_session_over_the_item_limit_fails_its_write_and_the_request_is_still_served() {
        Http.Reply big = http.get(server.uri("/big?kb=1100"), null);
        assertThat(big.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(sessions.stats().oversized()).isEqualTo(1));
        assertThat(find("sess:" + big.id())).isNull();
        assertThat(http.get(server.uri("/visit"), big.cookie()).status()).isEqualTo(200);
    }

    @Test
    void bad_cookies_get_a_new_session_and_a_normal_response() {
        Http.Reply real = http.get(server.uri("/visit"), null);
        String tampered = real.cookie().substring(0, real.cookie().length() - 3) + "AAA";
        String fifty = IntStream.range(0, 50).mapToObj(i -> "c" + i + "=v" + i).collect(Collectors.joining("; "));
        List<String> headers = List.of(tampered, "connect.sid=" + real.id(), ";;==;connect.sid;=;", "connect.sid=%zz%",
                fifty, "connect.sid=s%3A" + "a".repeat(8192), "big=" + "b".repeat(8192) + "; " + tampered);
        for (String header : headers) {
            Http.Reply reply = http.get(server.uri("/visit"), header);
            assertThat(reply.status()).as(header).isEqualTo(200);
            assertThat(reply.id()).as(header).isNotEqualTo(real.id());
            assertThat(reply.views()).as(header).isEqualTo("1");
        }
        // the fifty cookies with a valid session cookie among them still find it
        assertThat(http.get(server.uri("/read"), fifty + "; " + real.cookie()).id()).isEqualTo(real.id());
        assertThat(sessions.stats().rejectedCookies()).isEqualTo(5);
    }

    @Test
    void concurrent_requests_on_one_session_keep_every_attribute_change() throws Exception {
        Http.Reply first = http.get(server.uri("/visit"), null);
        int threads = 6;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertThat(http.get(server.uri("/t?k=" + name), first.cookie()).status()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await().untilAsserted(() -> {
            RawMemcached.Item item = find("sess:" + first.id());
            for (int t = 0; t < threads; t++) {
                assertThat(item.text()).contains("\"t" + t + "\":" + perThread);
            }
            assertThat(item.text()).contains("\"views\":1");
        });
    }

    @Test
    void replacing_the_node_list_keeps_every_session_those_of_the_withdrawn_node_on_their_heirs() {
        List<Http.Reply> created = IntStream.range(0, 30).mapToObj(i -> http.get(server.uri("/visit"), null)).toList();
        InetSocketAddress leaving = MEMCACHED.addresses().get(2);
        await().until(() -> created.stream().allMatch(r -> find("sess:" + r.id()) != null));
        List<Http.Reply> onLeaving = created.stream()
                .filter(r -> RawMemcached.get(leaving, "sess:" + r.id()) != null).toList();
        assertThat(onLeaving).isNotEmpty().hasSizeLessThan(created.size());

        store.replaceNodes(MEMCACHED.addresses().subList(0, 2));

        assertThat(store.nodes()).containsExactlyElementsOf(MEMCACHED.addresses().subList(0, 2));
        // the withdrawn node's keys now belong to their heirs, which hold their backups
        for (Http.Reply session : created) {
            String views = http.get(server.uri("/read"), session.cookie()).views();
            assertThat(views).as("%s, a copy on the withdrawn node: %s", session.id(), onLeaving.contains(session))
                    .isEqualTo("1");
        }
        store.replaceNodes(MEMCACHED.addresses());
    }

    private static RawMemcached.Item find(String key) {
        for (InetSocketAddress node : MEMCACHED.addresses()) {
            RawMemcached.Item item = RawMemcached.get(node, key);
            if (item != null) {
                return item;
            }
        }
        return null;
    }
}
