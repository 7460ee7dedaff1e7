package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

class ShutdownIT {
    @Test
    void closing_the_server_sends_every_client_a_going_away_close_frame() throws Exception {
        RsvpWebServer web = RsvpWebServer.builder(WebSettings.of("127.0.0.1", 0)).source(new FakeSource())
                .meterRegistry(TestRegistry.create()).start();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        ClientManager client = ClientManager.createClient();
        try {
            client.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    // nothing to send: the server pushes
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    closed.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    web.socketUri());

            // The server registers a client just after the handshake's response: the client may
            // see its session open first, and a client the server does not know yet gets no frame.
            await().atMost(Duration.ofSeconds(10)).until(() -> web.clientCount() == 1);

            web.close();

            CloseReason reason = closed.get(10, TimeUnit.SECONDS);
            assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
            assertThat(reason.getReasonPhrase()).isEqualTo("server shutting down");
        } finally {
            client.shutdown();
        }
    }
}
