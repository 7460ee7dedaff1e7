package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Couchbase in a child JVM, killed and started again under a running server with a client attached. */
class CouchbaseOutageIT {
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void couchbase_down_keeps_the_page_served_and_the_last_snapshot_marked_stale_and_readyz_503_until_it_returns()
            throws Exception {
        Bucket bucket = COUCHBASE.cluster().bucket(COUCHBASE.bucketName());
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            bucket.defaultCollection().upsert("rsvp::" + i, JsonObject.create().put("rsvp_id", i).put("mtime", now - i)
                    .put("event", JsonObject.create().put("event_name", "Before the outage " + i)));
        }
        WebSettings settings = WebSettings.builder().host("127.0.0.1").port(0).pollInterval(Duration.ofMillis(200)).build();
        try (CouchbaseConnection views = ViewConnections.to(COUCHBASE, Duration.ofMillis(800));
             RsvpWebServer web = RsvpWebServer.builder(settings).source(CouchbaseRsvps.source(views))
                     .meterRegistry(TestRegistry.create()).start();
             SocketMessages client = new SocketMessages(web.socketUri())) {
            AtomicReference<JsonNode> latest = new AtomicReference<>();
            JsonNode first = MAPPER.readTree(client.received.poll(30, TimeUnit.SECONDS));
            assertThat(first.get("rsvps")).hasSize(3);
            assertThat(first.get("staleSince").isNull()).isTrue();
            await().atMost(WAIT).until(() -> Http.get(web.uri().resolve("/readyz")).statusCode() == 200);

            COUCHBASE.process().kill();

            await().atMost(WAIT).until(() -> lastMessage(client, latest) != null && !latest.get().get("staleSince").isNull());
            assertThat(latest.get().get("rsvps")).as("the last data, kept").hasSize(3);
            assertThat(latest.get().get("rsvps").get(0).get("eventName").asText()).isEqualTo("Before the outage 0");
            HttpResponse<String> ready = Http.get(web.uri().resolve("/readyz"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("couchbase: queries failing since ");
            assertThat(Http.get(web.uri()).statusCode()).as("the page is still served").isEqualTo(200);
            assertThat(Http.metric(web, "rsvp_web_snapshot_stale", "")).isEqualTo(1.0);
            assertThat(client.isOpen()).isTrue();

            // The mock comes back empty, without the design document: the poller creates the views again.
            COUCHBASE.process().start();
            await().atMost(WAIT).until(() -> lastMessage(client, latest) != null && latest.get().get("staleSince").isNull());
            assertThat(latest.get().get("rsvps")).isEmpty();
            await().atMost(WAIT).until(() -> Http.get(web.uri().resolve("/readyz")).statusCode() == 200);
            assertThat(client.isOpen()).as("no client was dropped by the outage").isTrue();
        }
    }

    private static JsonNode lastMessage(SocketMessages client, AtomicReference<JsonNode> latest) throws Exception {
        String text;
        while ((text = client.received.poll()) != null) {
            latest.set(MAPPER.readTree(text));
        }
        return latest.get();
    }
}
