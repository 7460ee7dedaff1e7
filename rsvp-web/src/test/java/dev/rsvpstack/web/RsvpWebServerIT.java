package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server over CouchbaseMock: the views, the snapshot message, the page and the probes. */
class RsvpWebServerIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final long NOW_MINUTE = Math.floorDiv(System.currentTimeMillis(), MINUTE);
    /** Expected per-minute counts: one RSVP in each of the last 12 minutes, three 20 minutes ago. */
    private static final Map<Long, Long> COUNTS = new LinkedHashMap<>();
    private static Bucket bucket;
    private static CouchbaseConnection views;
    private static RsvpWebServer web;

    @BeforeAll
    static void startServerOverStoredRsvps() {
        bucket = COUCHBASE.cluster().bucket(COUCHBASE.bucketName());
        for (int i = 0; i < 12; i++) {
            long minute = NOW_MINUTE - (11 - i);
            store(100 + i, minute * MINUTE + 30_000, "Event " + i, "<b>Member " + i + "</b>");
            COUNTS.merge(minute, 1L, Long::sum);
        }
        for (int i = 0; i < 3; i++) {
            store(200 + i, (NOW_MINUTE - 20) * MINUTE + i, "Earlier " + i, "Early bird");
            COUNTS.merge(NOW_MINUTE - 20, 1L, Long::sum);
        }
        store(300, (NOW_MINUTE - 45) * MINUTE, "Outside the chart", "Old");
        store(400, NOW_MINUTE * MINUTE - 100_000, "<script>alert(1)</script>", "Mallory");
        COUNTS.merge(Math.floorDiv(NOW_MINUTE * MINUTE - 100_000, MINUTE), 1L, Long::sum);
        bucket.defaultCollection().upsert("other::1", JsonObject.create().put("mtime", NOW_MINUTE * MINUTE));
        views = ViewConnections.to(COUCHBASE); // creates the views
        // A poll interval of an hour: whatever a client receives came from the first poll at start.
        web = startServer();
    }

    private static RsvpWebServer startServer() {
        return RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(0).pollInterval(Duration.ofHours(1))
                        .build())
                .source(CouchbaseRsvps.source(views)).objectMapper(MAPPER).meterRegistry(TestRegistry.create()).start();
    }

    private static void store(long id, long mtime, String eventName, String member) {
        bucket.defaultCollection().upsert("rsvp::" + id, JsonObject.create()
                .put("rsvp_id", id)
                .put("mtime", mtime)
                .put("response", "yes")
                .put("member", JsonObject.create().put("member_name", member))
                .put("event", JsonObject.create().put("event_name", eventName)
                        .put("event_url", "https://www.meetup.com/g/events/" + id + "/"))
                .put("group", JsonObject.create().put("group_name", "Group").put("group_city", "Zürich")));
    }

    @AfterAll
    static void stopServer() {
        if (web != null) {
            web.close();
        }
        if (views != null) {
            views.close();
        }
    }

    private static JsonNode firstMessage() throws Exception {
        try (SocketMessages client = new SocketMessages(web.socketUri())) {
            String text = client.received.poll(30, TimeUnit.SECONDS);
            assertThat(text).as("a snapshot within 30 s").isNotNull();
            return MAPPER.readTree(text);
        }
    }

    @Test
    void client_receives_the_ten_newest_rsvps_newest_first_with_strings_as_sent() throws Exception {
        JsonNode message = firstMessage();

        assertThat(message.get("type").asText()).isEqualTo("latest");
        List<Long> ids = new ArrayList<>();
        message.get("rsvps").forEach(row -> ids.add(row.get("rsvpId").asLong()));
        assertThat(ids).containsExactly(111L, 110L, 109L, 400L, 108L, 107L, 106L, 105L, 104L, 103L);
        JsonNode newest = message.get("rsvps").get(0);
        assertThat(newest.get("member").asText()).isEqualTo("<b>Member 11</b>");
        assertThat(newest.get("city").asText()).isEqualTo("Zürich");
        assertThat(newest.get("eventUrl").asText()).isEqualTo("https://www.meetup.com/g/events/111/");
        assertThat(message.get("rsvps").get(3).get("eventName").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(message.get("staleSince").isNull()).isTrue();
    }

    @Test
    void client_receives_per_minute_counts_of_the_last_thirty_minutes_from_the_grouped_view() throws Exception {
        JsonNode message = firstMessage();

        Map<Long, Long> counts = new LinkedHashMap<>();
        message.get("perMinute").forEach(entry -> counts.put(entry.get("epochMinute").asLong(), entry.get("count").asLong()));
        assertThat(counts).isEqualTo(COUNTS);
        assertThat(message.get("chartMinutes").asInt()).isEqualTo(30);
        assertThat(message.get("chartEndMinute").asLong()).isBetween(NOW_MINUTE, NOW_MINUTE + 1);
    }

    @Test
    void every_new_client_gets_the_current_snapshot_at_once() throws Exception {
        try (SocketMessages first = new SocketMessages(web.socketUri());
             SocketMessages second = new SocketMessages(web.socketUri())) {
            String firstSnapshot = first.received.poll(30, TimeUnit.SECONDS);
            String secondSnapshot = second.received.poll(30, TimeUnit.SECONDS);

            assertThat(firstSnapshot).isNotNull().isEqualTo(secondSnapshot);
            await().atMost(Duration.ofSeconds(5)).until(() -> web.clientCount() == 2);
        }
    }

    @Test
    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    void a_deleted_design_document_is_created_again_by_the_next_poll() throws Exception {
        bucket.viewIndexes().dropDesignDocument(RsvpViews.DESIGN_DOCUMENT_NAME, DesignDocumentNamespace.PRODUCTION);
        try (RsvpWebServer second = startServer();
             SocketMessages client = new SocketMessages(second.socketUri())) {
            JsonNode message = MAPPER.readTree(client.received.poll(30, TimeUnit.SECONDS));

            assertThat(message.get("rsvps")).hasSize(10);
            assertThat(message.get("perMinute")).isNotEmpty();
            assertThat(bucket.viewIndexes().getDesignDocument(RsvpViews.DESIGN_DOCUMENT_NAME,
                    DesignDocumentNamespace.PRODUCTION).views()).containsKeys(RsvpViews.LATEST_BY_MTIME, RsvpViews.PER_MINUTE);
        }
    }

    @Test
    void page_is_served_with_a_strict_content_security_policy_and_security_headers() throws Exception {
        HttpResponse<String> page = Http.get(web.uri());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<ol id=\"rsvps\"").contains("<svg id=\"chart\"").contains("src=\"app.js\"")
                .doesNotContain("<script>").doesNotContain("https://").doesNotContain("style=");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").contains("default-src 'none'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        for (String asset : List.of("app.js", "app.css", "favicon.svg")) {
            HttpResponse<String> response = Http.get(web.uri().resolve(asset));
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(asset).hasValue("nosniff");
        }
        assertThat(Http.get(web.uri().resolve("/nothing-here")).statusCode()).isEqualTo(404);
    }

    @Test
    void healthz_and_readyz_answer_ok_while_couchbase_answers() throws Exception {
        HttpResponse<String> health = Http.get(web.uri().resolve("/healthz"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");

        // Ready once the first poll (asynchronous, at start) has answered.
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(web.uri().resolve("/readyz")).statusCode() == 200);
        HttpResponse<String> ready = Http.get(web.uri().resolve("/readyz"));
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void metrics_are_prometheus_text_with_the_web_meters_on_the_management_listener_only() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.metric(web, "rsvp_web_polls_total", "outcome=\"changed\"") >= 1.0);
        HttpResponse<String> metrics = Http.get(web.managementUri().resolve("/metrics"));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(Http.get(web.uri().resolve("/metrics")).statusCode()).as("not on the public listener")
                .isEqualTo(404);
        assertThat(Http.get(web.managementUri().resolve("/readyz")).statusCode()).as("probes on both").isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body()).contains("rsvp_web_polls_total{outcome=\"changed\"}")
                .contains("rsvp_web_socket_clients").contains("rsvp_web_poll_duration_seconds");
    }
}
