package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.SupervisedConnection;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Discovery's RELOAD policy end to end in-process: Couchbase "moves" from one server to another, the
 * supervisor builds a new connection, and a connected browser gets the new server's data on its open socket.
 * The poll interval is an hour: the new server's data can only come from the query the swap triggers.
 */
class CouchbaseReloadIT {
    @RegisterExtension
    static final CouchbaseMockExtension FIRST = CouchbaseMockExtension.inProcess();
    @RegisterExtension
    static final CouchbaseMockExtension SECOND = CouchbaseMockExtension.inProcess();

    @Test
    void a_moved_couchbase_is_applied_in_process_without_closing_the_websocket_and_queried_at_once()
            throws Exception {
        storeOne(FIRST, 1, "Served by the first Couchbase");
        storeOne(SECOND, 2, "Served by the second Couchbase");
        AtomicReference<RsvpWebServer> started = new AtomicReference<>();
        try (SupervisedConnection supervisor = SupervisedConnection.builder().policy(RestartPolicy.RELOAD)
                .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket(FIRST.bucketName())
                        .username(FIRST.username()).password(FIRST.password())
                        .designDocument(RsvpViews.DESIGN_DOCUMENT).build())
                .onReconnect(connection -> started.get().sourceChanged()) // as the web launcher wires it
                .build()) {
            supervisor.onSnapshot(at(FIRST, 1), List.of());
            WebSettings settings = WebSettings.builder().host("127.0.0.1").port(0).pollInterval(Duration.ofHours(1)).build();
            try (RsvpWebServer web = RsvpWebServer.builder(settings).source(CouchbaseRsvps.source(supervisor))
                    .meterRegistry(TestRegistry.create()).start();
                 SocketMessages client = new SocketMessages(web.socketUri())) {
                started.set(web);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.received.stream()
                        .anyMatch(m -> m.contains("Served by the first Couchbase")));

                supervisor.onSnapshot(at(SECOND, 2), List.of());

                assertThat(supervisor.reconnects()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.received.stream()
                        .anyMatch(m -> m.contains("Served by the second Couchbase")));
                assertThat(client.isOpen()).isTrue();
                assertThat(web.clientCount()).isEqualTo(1);
            }
        }
    }

    private static ServiceSnapshot at(CouchbaseMockExtension mock, long revision) {
        return new ServiceSnapshot("couchbase", List.of(new ServiceInstance("1", "127.0.0.1", mock.server().kvPort())),
                revision);
    }

    private static void storeOne(CouchbaseMockExtension mock, long id, String eventName) {
        Bucket bucket = mock.cluster().bucket(mock.bucketName());
        bucket.defaultCollection().upsert("rsvp::" + id, JsonObject.create().put("rsvp_id", id)
                .put("mtime", System.currentTimeMillis()).put("event", JsonObject.create().put("event_name", eventName)));
    }
}
