package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.web.internal.CouchbaseLatestRsvps;
import dev.rsvpstack.web.internal.RsvpViews;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RsvpWebServerIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();
    private static final long NEWEST_MTIME = 1_764_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static RsvpWebServer web;

    @BeforeAll
    static void startServerOverTwelveStoredRsvps() {
        Bucket bucket = COUCHBASE.cluster().bucket(COUCHBASE.bucketName());
        for (int i = 0; i < 12; i++) {
            bucket.defaultCollection().upsert("rsvp::" + (100 + i), JsonObject.create()
                    .put("rsvp_id", 100 + i)
                    .put("mtime", NEWEST_MTIME - 1000L * (11 - i))
                    .put("response", "yes")
                    .put("member", JsonObject.create().put("member_name", "<b>Member " + i + "</b>"))
                    .put("event", JsonObject.create().put("event_name", "Event " + i)
                            .put("event_url", "https://www.meetup.com/g/events/" + i + "/"))
                    .put("group", JsonObject.create().put("group_name", "Group").put("group_city", "Zürich")));
        }
        bucket.defaultCollection().upsert("other::1", JsonObject.create().put("mtime", NEWEST_MTIME + 1));
        RsvpViews.ensure(bucket);
        // A poll interval of an hour: whatever a client receives came from the first poll at start.
        web = RsvpWebServer.start(new WebSettings("127.0.0.1", 0, Duration.ofHours(1), 10),
                new CouchbaseLatestRsvps(bucket), MAPPER);
    }

    @AfterAll
    static void stopServer() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void client_receives_the_ten_newest_rsvps_newest_first() throws Exception {
        try (SocketMessages client = new SocketMessages(socketUri())) {
            JsonNode message = MAPPER.readTree(client.received.poll(30, TimeUnit.SECONDS));

            assertThat(message.get("type").asText()).isEqualTo("latest");
            List<Long> ids = new ArrayList<>();
            message.get("rsvps").forEach(row -> ids.add(row.get("rsvpId").asLong()));
            assertThat(ids).containsExactly(111L, 110L, 109L, 108L, 107L, 106L, 105L, 104L, 103L, 102L);
            JsonNode newest = message.get("rsvps").get(0);
            assertThat(newest.get("member").asText()).isEqualTo("<b>Member 11</b>");
            assertThat(newest.get("city").asText()).isEqualTo("Zürich");
            assertThat(newest.get("eventUrl").asText()).isEqualTo("https://www.meetup.com/g/events/11/");
            assertThat(newest.get("mtime").asLong()).isEqualTo(NEWEST_MTIME);
        }
    }

    @Test
    void every_new_client_gets_the_current_snapshot_at_once() throws Exception {
        try (SocketMessages first = new SocketMessages(socketUri());
             SocketMessages second = new SocketMessages(socketUri())) {
            String firstSnapshot = first.received.poll(30, TimeUnit.SECONDS);
            String secondSnapshot = second.received.poll(30, TimeUnit.SECONDS);

            assertThat(firstSnapshot).isNotNull().isEqualTo(secondSnapshot);
            await().atMost(Duration.ofSeconds(5)).until(() -> web.clientCount() == 2);
        }
    }

    @Test
    void page_is_served_with_a_strict_content_security_policy() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<ol id=\"rsvps\"").contains("src=\"app.js\"").doesNotContain("<script>");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
    }

    @Test
    void healthz_answers_ok() throws Exception {
        HttpResponse<String> health = get("/healthz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    private static URI socketUri() {
        return URI.create(web.uri().toString().replaceFirst("^http", "ws")).resolve(RsvpWebServer.SOCKET_PATH);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(web.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
