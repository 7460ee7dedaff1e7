package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/** The demo's pieces end to end: simulator → archiver → Couchbase → view → web → WebSocket client. */
class DemoIT {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void websocket_client_receives_the_latest_rsvps_the_archiver_stored() throws Exception {
        WebSettings web = WebSettings.builder().host("127.0.0.1").port(0).pollInterval(Duration.ofMillis(500)).build();
        try (Demo demo = Demo.start(new DemoSettings(web, 50, Duration.ofHours(1), 20_000, 0))) {
            URI socket = URI.create(demo.web().uri().toString().replaceFirst("^http", "ws"))
                    .resolve(RsvpWebServer.SOCKET_PATH);
            AtomicReference<JsonNode> fullSnapshot = new AtomicReference<>();
            ClientManager client = ClientManager.createClient();
            Session session = client.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        try {
                            JsonNode message = mapper.readTree(text);
                            if (message.get("rsvps").size() == 10) {
                                fullSnapshot.compareAndSet(null, message);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }, ClientEndpointConfig.Builder.create().build(), socket);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> fullSnapshot.get() != null);
            } finally {
                session.close();
                client.shutdown();
            }

            List<Long> mtimes = new ArrayList<>();
            for (JsonNode row : fullSnapshot.get().get("rsvps")) {
                mtimes.add(row.get("mtime").asLong());
                assertThat(row.get("member").asText()).isNotBlank();
                assertThat(row.get("eventUrl").asText()).startsWith("https://www.meetup.com/");
            }
            assertThat(mtimes).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(demo.archiver().stats().stored()).isGreaterThanOrEqualTo(10);
            assertThat(demo.archiver().stats().deadLettered()).isZero();
        }
    }
}
