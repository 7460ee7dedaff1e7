package dev.rsvpstack.web;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.tyrus.client.ClientManager;

/** A real, well-behaved WebSocket client (Tyrus: it answers pings) that queues every text message it receives. */
final class SocketMessages implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final ClientManager client = ClientManager.createClient();
    private final Session session;

    SocketMessages(URI uri) throws Exception {
        session = client.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                closed.set(closeReason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    boolean isOpen() {
        return session.isOpen() && closed.get() == null;
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } finally {
            client.shutdown();
        }
    }
}
