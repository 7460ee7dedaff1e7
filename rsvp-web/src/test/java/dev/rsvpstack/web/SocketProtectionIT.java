package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket's protections over real sockets, each with a server tuned to show it quickly. */
class SocketProtectionIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final FakeSource source = new FakeSource();
    private RsvpWebServer web;

    private RsvpWebServer start(UnaryOperator<WebSettings.Builder> tune) {
        source.rows = List.of(FakeSource.row(1, "First"));
        WebSettings settings = tune.apply(WebSettings.builder().host("127.0.0.1").port(0)
                .pollInterval(Duration.ofMillis(100))).build();
        web = RsvpWebServer.builder(settings).source(source).meterRegistry(TestRegistry.create()).start();
        return web;
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void a_new_client_gets_the_snapshot_at_once_and_later_only_changes() throws Exception {
        start(s -> s);
        try (SocketMessages client = new SocketMessages(web.socketUri())) {
            JsonNode first = MAPPER.readTree(client.received.poll(10, TimeUnit.SECONDS));
            assertThat(first.get("type").asText()).isEqualTo("latest");
            assertThat(first.get("rsvps").get(0).get("eventName").asText()).isEqualTo("First");
            int pollsBefore = source.polls.get();
            await().atMost(WAIT).until(() -> source.polls.get() >= pollsBefore + 5);
            assertThat(client.received).as("unchanged polls push nothing").isEmpty();

            source.rows = List.of(FakeSource.row(2, "Second"), FakeSource.row(1, "First"));
            JsonNode second = MAPPER.readTree(client.received.poll(10, TimeUnit.SECONDS));
            assertThat(second.get("rsvps")).hasSize(2);
            assertThat(second.get("publishedAt").asLong()).isGreaterThanOrEqualTo(first.get("publishedAt").asLong());
        }
    }

    @Test
    void an_upgrade_from_a_foreign_origin_is_refused_and_counted() throws Exception {
        start(s -> s);
        try (RawWebSocket evil = RawWebSocket.connect(web.socketUri(), Map.of("Origin", "https://evil.example"))) {
            assertThat(evil.status).isEqualTo(403);
        }
        assertThat(Http.metric(web, "rsvp_web_socket_rejected_total", "reason=\"origin\"")).isEqualTo(1.0);
    }

    @Test
    void same_origin_and_allowed_origins_may_upgrade() throws Exception {
        start(s -> s.allowedOrigins(List.of("https://rsvp.example.com")));
        URI ws = web.socketUri();
        String self = "http://127.0.0.1:" + ws.getPort();
        try (RawWebSocket same = RawWebSocket.connect(ws, Map.of("Origin", self));
             RawWebSocket allowed = RawWebSocket.connect(ws, Map.of("Origin", "https://RSVP.example.com"));
             RawWebSocket otherPort = RawWebSocket.connect(ws, Map.of("Origin", "http://127.0.0.1:1"))) {
            assertThat(same.status).isEqualTo(101);
            assertThat(allowed.status).isEqualTo(101);
            assertThat(otherPort.status).isEqualTo(403);
        }
    }

    @Test
    void connections_beyond_the_maximum_are_refused_with_503() throws Exception {
        start(s -> s.maxConnections(2));
        try (SocketMessages one = new SocketMessages(web.socketUri());
             SocketMessages two = new SocketMessages(web.socketUri())) {
            await().atMost(WAIT).until(() -> web.clientCount() == 2);
            try (RawWebSocket third = RawWebSocket.connect(web.socketUri(), Map.of())) {
                assertThat(third.status).isEqualTo(503);
            }
            assertThat(one.isOpen()).isTrue();
            assertThat(two.isOpen()).isTrue();
        }
        assertThat(Http.metric(web, "rsvp_web_socket_rejected_total", "reason=\"capacity\"")).isEqualTo(1.0);
    }

    @Test
    void garbage_text_frames_are_ignored_and_counted_then_a_flood_closes_the_connection() throws Exception {
        start(s -> s);
        try (RawWebSocket client = RawWebSocket.connect(web.socketUri(), Map.of())) {
            assertThat(client.read(WAIT).opcode()).isEqualTo(RawWebSocket.TEXT); // the snapshot
            client.sendText("{not json");
            client.sendText("\u0000\u0001garbage");
            await().atMost(WAIT).until(() ->
                    Http.metric(web, "rsvp_web_socket_frames_invalid_total", "action=\"ignored\"") == 2.0);
            source.rows = List.of(FakeSource.row(3, "Still served"));
            assertThat(client.read(WAIT).text()).as("the client keeps getting pushes").contains("Still served");

            for (int i = 0; i < 20; i++) {
                client.sendText("spam " + i);
            }
            assertThat(client.awaitClosedByServer(WAIT)).isEqualTo(1008);
        }
        assertThat(Http.metric(web, "rsvp_web_socket_frames_invalid_total", "action=\"closed\"")).isEqualTo(1.0);
    }

    @Test
    void a_binary_frame_closes_the_connection_with_1003() throws Exception {
        start(s -> s);
        try (RawWebSocket client = RawWebSocket.connect(web.socketUri(), Map.of())) {
            client.read(WAIT);
            client.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            assertThat(client.awaitClosedByServer(WAIT)).isEqualTo(1003);
        }
    }

    @Test
    void a_frame_over_the_size_limit_closes_the_connection_and_is_counted() throws Exception {
        start(s -> s.maxInboundFrameBytes(1024));
        try (RawWebSocket client = RawWebSocket.connect(web.socketUri(), Map.of())) {
            client.read(WAIT);
            client.sendText("x".repeat(4096));
            assertThat(client.awaitClosedByServer(WAIT)).isIn(1009, -1);
        }
        await().atMost(WAIT).until(() -> web.clientCount() == 0);
        assertThat(Http.metric(web, "rsvp_web_socket_frames_invalid_total", "action=\"too-big\"")).isEqualTo(1.0);
    }

    @Test
    void a_client_that_stops_answering_pings_is_closed_and_one_that_answers_stays() throws Exception {
        // A timeout well above a loaded machine's scheduling delays: the polite client must never be late.
        start(s -> s.heartbeatInterval(Duration.ofMillis(500)).heartbeatTimeout(Duration.ofSeconds(2)));
        try (SocketMessages polite = new SocketMessages(web.socketUri());
             RawWebSocket mute = RawWebSocket.connect(web.socketUri(), Map.of())) {
            List<Integer> opcodes = new ArrayList<>();
            RawWebSocket.Frame frame;
            do {
                frame = mute.read(WAIT);
                opcodes.add(frame.opcode());
            } while (frame.opcode() != RawWebSocket.PING);
            assertThat(opcodes).contains(RawWebSocket.PING);

            assertThat(mute.awaitClosedByServer(WAIT)).isEqualTo(-1);
            assertThat(Http.metric(web, "rsvp_web_socket_disconnected_total", "reason=\"heartbeat\"")).isEqualTo(1.0);
            assertThat(polite.isOpen()).as("a client that answers pings stays connected").isTrue();
            assertThat(web.clientCount()).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("try") // the stuck client is opened and never read: that is the test
    void a_client_that_does_not_read_is_disconnected_and_the_others_keep_getting_pushes() throws Exception {
        start(s -> s.sendQueueLimit(4).latestLimit(200));
        try (SocketMessages reader = new SocketMessages(web.socketUri());
             RawWebSocket stuck = RawWebSocket.connect(web.socketUri(), Map.of(), 4096)) {
            await().atMost(WAIT).until(() -> web.clientCount() == 2);
            // ~200 KB per push, a new one every poll: the stuck client's socket buffers fill, then its queue.
            Thread pusher = new Thread(() -> {
                for (int round = 0; !Thread.currentThread().isInterrupted(); round++) {
                    List<RsvpRow> rows = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        rows.add(FakeSource.row(round * 1000L + i, ("round " + round + " ").repeat(100)));
                    }
                    source.rows = rows;
                    int polls = source.polls.get();
                    await().atMost(WAIT).until(() -> source.polls.get() > polls);
                }
            });
            pusher.setDaemon(true);
            pusher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        Http.metric(web, "rsvp_web_socket_disconnected_total", "reason=\"slow\"") >= 1.0);
            } finally {
                pusher.interrupt();
            }
            assertThat(web.clientCount()).isEqualTo(1);
            reader.received.clear();
            source.rows = List.of(FakeSource.row(42, "After the slow one left"));
            await().atMost(WAIT).until(() -> reader.received.stream().anyMatch(m -> m.contains("After the slow one left")));
            assertThat(reader.isOpen()).isTrue();
        }
    }

    @Test
    void settings_changed_in_process_apply_without_dropping_clients() throws Exception {
        start(s -> s.pollInterval(Duration.ofHours(1)));
        try (SocketMessages client = new SocketMessages(web.socketUri())) {
            client.received.poll(10, TimeUnit.SECONDS);
            source.rows = List.of(FakeSource.row(7, "Seen after the interval shrank"));
            web.reconfigure(web.settings().toBuilder().pollInterval(Duration.ofMillis(100)).build());

            assertThat(client.received.poll(10, TimeUnit.SECONDS)).contains("Seen after the interval shrank");
            assertThat(client.isOpen()).isTrue();
        }
    }
}
