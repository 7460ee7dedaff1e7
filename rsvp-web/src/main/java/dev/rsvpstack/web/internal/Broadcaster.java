package dev.rsvpstack.web.internal;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected clients of this instance and the message they were last sent. A new client gets the
 * current message at once; a new message goes to everyone. A client with {@code sendQueueLimit} pushes
 * still waiting is disconnected instead of being queued another: a slow client never grows the heap.
 */
public final class Broadcaster {
    private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);

    private final Map<String, SocketClient> clients = new ConcurrentHashMap<>();
    private final IntSupplier sendQueueLimit;
    private final WebMetrics metrics;
    private final RateLimitedLog slowLog;
    private volatile ByteBuffer current;
    private volatile long version = -1;
    private volatile Runnable onRegister = () -> { };

    public Broadcaster(IntSupplier sendQueueLimit, WebMetrics metrics, RateLimitedLog slowLog) {
        this.sendQueueLimit = sendQueueLimit;
        this.metrics = metrics;
        this.slowLog = slowLog;
    }

    /** Called after each client registers (the poller wakes from idling). */
    public void onRegister(Runnable action) {
        this.onRegister = action;
    }

    public void register(SocketClient client) {
        clients.put(client.id(), client);
        ByteBuffer message;
        long at;
        synchronized (this) {
            message = current;
            at = version;
        }
        if (message != null) {
            deliver(client, message, at);
        }
        onRegister.run();
    }

    public void unregister(SocketClient client) {
        clients.remove(client.id());
    }

    public SocketClient client(String id) {
        return clients.get(id);
    }

    public int clientCount() {
        return clients.size();
    }

    public Collection<SocketClient> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** Sends {@code message} to every client (the caller decided that it changed). */
    public void publish(ByteBuffer message) {
        long at;
        synchronized (this) {
            current = message;
            at = ++version;
        }
        metrics.pushes.increment();
        for (SocketClient client : clients.values()) {
            deliver(client, message, at);
        }
    }

    private void deliver(SocketClient client, ByteBuffer message, long at) {
        if (!client.isOpen()) {
            clients.remove(client.id());
            return;
        }
        int limit = sendQueueLimit.getAsInt();
        if (client.pending() >= limit) {
            metrics.disconnectedSlow.increment();
            slowLog.warn("disconnecting slow {}: {} pushes still unsent (send-queue-limit {})",
                    client.description(), client.pending(), limit);
            clients.remove(client.id());
            client.forceClose();
            return;
        }
        if (client.send(message, at, () -> {
            metrics.sendFailures.increment();
            LOG.debug("push to {} failed", client.description());
        })) {
            metrics.messagesSent.increment();
        }
    }

    /** Sends every client a close frame (1001 going away). */
    public void closeAll(String reason) {
        for (SocketClient client : clients.values()) {
            client.goAway(reason);
        }
    }
}
