package dev.rsvpstack.web.internal;

import jakarta.websocket.Session;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected WebSocket clients of this instance and the snapshot they last got. A new client
 * gets the current snapshot at once; a new snapshot goes to everyone, and only when it changed.
 */
public final class LatestRsvpsBroadcaster {
    private static final Logger LOG = LoggerFactory.getLogger(LatestRsvpsBroadcaster.class);

    private final Set<Session> clients = ConcurrentHashMap.newKeySet();
    private volatile String snapshot;

    public void register(Session client) {
        clients.add(client);
        String current = snapshot;
        if (current != null) {
            send(client, current);
        }
    }

    public void unregister(Session client) {
        clients.remove(client);
    }

    public int clientCount() {
        return clients.size();
    }

    /** Sends {@code message} to every client unless it equals the last one; returns whether it was sent. */
    public boolean publish(String message) {
        if (Objects.equals(message, snapshot)) {
            return false;
        }
        snapshot = message;
        for (Session client : clients) {
            send(client, message);
        }
        return true;
    }

    private void send(Session client, String message) {
        if (!client.isOpen()) {
            clients.remove(client);
            return;
        }
        client.getAsyncRemote().sendText(message, result -> {
            if (!result.isOK()) {
                LOG.debug("push to client {} failed: {}", client.getId(), result.getException().toString());
            }
        });
    }
}
