package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import dev.rsvpstack.testkit.memcached.MemcachedNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions from session-lib on page requests, stored in real memcached nodes. */
class SessionsIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);
    private MemcachedSessionStore store;
    private Sessions sessions;
    private RsvpWebServer web;

    @BeforeEach
    void start() {
        MEMCACHED.startAll();
        store = SessionStores.memcached(MemcachedSettings.builder().nodes(MEMCACHED.addresses())
                .operationTimeout(Duration.ofMillis(250)).build());
        // saveUninitialized: the book's setting, so a first visit gets the cookie.
        sessions = Sessions.builder(store, SessionSettings.builder("rsvp-web-test-secret").saveUninitialized(true).build())
                .build();
        FakeSource source = new FakeSource();
        web = RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(0).build())
                .source(source)
                .sessions(sessions)
                .readinessCheck("memcached", ReadinessCheck.nonEmpty(store::nodes, "no memcached nodes known"))
                .meterRegistry(TestRegistry.create())
                .start();
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        if (store != null) {
            store.close();
        }
        MEMCACHED.startAll();
    }

    @Test
    void a_first_visit_gets_a_signed_session_cookie_that_the_next_visit_is_recognised_by() throws Exception {
        HttpResponse<String> first = Http.get(web.uri());

        assertThat(first.statusCode()).isEqualTo(200);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("connect.sid=s%3A").contains("HttpOnly");
        String pair = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> second = Http.get(web.uri(), "Cookie", pair);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Set-Cookie")).as("a known session needs no new cookie").isEmpty();
        assertThat(sessions.stats().created()).isEqualTo(1);
        assertThat(sessions.stats().missingSessions()).as("the session was found in memcached").isZero();
        assertThat(sessions.stats().writes()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void session_counters_are_on_metrics_for_the_operator() throws Exception {
        String cookie = Http.get(web.uri()).headers().firstValue("Set-Cookie").orElseThrow();
        Http.get(web.uri(), "Cookie", cookie.substring(0, cookie.indexOf(';')));
        Http.get(web.uri(), "Cookie", "connect.sid=s%3Aforged.c2lnbmF0dXJl");

        assertThat(Http.get(web.managementUri().resolve("/metrics")).body())
                .as("the first visit and the forged cookie's visit each started a session")
                .contains("rsvp_web_sessions_new_total 2.0")
                .contains("rsvp_web_sessions_cookies_rejected_total 1.0")
                .contains("rsvp_web_sessions_missing_total 0.0")
                .contains("rsvp_web_sessions_store_failures_total 0.0")
                .as("with two nodes each session is copied to its heir; the first one before the second visit "
                        + "was answered").containsPattern("rsvp_web_sessions_heir_writes_total [12]\\.0")
                .contains("rsvp_web_sessions_heir_reads_total 0.0")
                .contains("rsvp_web_sessions_heir_failures_total 0.0");
    }

    @Test
    void assets_probes_and_the_socket_get_no_session() throws Exception {
        for (String path : List.of("/app.js", "/app.css", "/healthz", "/readyz")) {
            assertThat(Http.get(web.uri().resolve(path)).headers().firstValue("Set-Cookie")).as(path).isEmpty();
        }
        assertThat(Http.get(web.managementUri().resolve("/metrics")).headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(sessions.stats().created()).isZero();
    }

    @Test
    void with_every_memcached_node_down_pages_are_still_served_without_session_persistence() throws Exception {
        MEMCACHED.nodes().forEach(MemcachedNode::stop);

        long started = System.nanoTime();
        HttpResponse<String> first = Http.get(web.uri());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<ol id=\"rsvps\"");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> second = Http.get(web.uri(), "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no request waits long for memcached")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(second.headers().firstValue("Set-Cookie")).as("the session was not kept: a new one starts").isPresent();
        assertThat(Http.get(web.uri().resolve("/readyz")).body()).doesNotContain("memcached");
    }
}
