package dev.rsvpstack.web;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.glassfish.tyrus.client.ClientManager;

/** A real WebSocket client (Tyrus) that queues every text message it receives. */
final class SocketMessages implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final ClientManager client = ClientManager.createClient();
    private final Session session;

    SocketMessages(URI uri) throws Exception {
        session = client.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    @Override
    public void close() throws Exception {
        session.close();
        client.shutdown();
    }
}
