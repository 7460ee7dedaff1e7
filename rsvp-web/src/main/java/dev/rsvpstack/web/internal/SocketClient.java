package dev.rsvpstack.web.internal;

import jakarta.websocket.CloseReason;
import java.io.IOException;
import org.xnio.IoUtils;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected browser: its channel, how many pushes wait for it, and its heartbeat state. Pushes go
 * straight to the Undertow channel as a shared, pre-encoded buffer (JSR-356's {@code sendText(String)}
 * would encode the same text again for every client).
 */
public final class SocketClient {
    private final UndertowSession session;
    private final WebSocketChannel channel;
    private final String description;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger invalidFrames = new AtomicInteger();
    private long lastVersion = -1;          // guarded by this
    private volatile long pingSentAt;
    private volatile boolean awaitingPong;

    public SocketClient(UndertowSession session, long connectedAt) {
        this.session = session;
        this.channel = session.getWebSocketChannel();
        this.description = "client " + session.getId() + " from " + channel.getSourceAddress();
        this.pingSentAt = connectedAt;
    }

    public String id() {
        return session.getId();
    }

    /** For logs: id and remote address. */
    public String description() {
        return description;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Pushes waiting to be written to this client's socket. */
    public int pending() {
        return pending.get();
    }

    /**
     * Queues {@code payload} (version {@code version}) unless this client already got a newer one, so
     * a snapshot sent on connect can never overtake a newer broadcast.
     *
     * @return whether it was queued
     */
    public synchronized boolean send(ByteBuffer payload, long version, Runnable onFailure) {
        if (version <= lastVersion) {
            return false;
        }
        lastVersion = version;
        pending.incrementAndGet();
        WebSockets.sendText(payload.duplicate(), channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ignored, Void context) {
                pending.decrementAndGet();
            }

            @Override
            public void onError(WebSocketChannel ignored, Void context, Throwable throwable) {
                pending.decrementAndGet();
                onFailure.run();
            }
        });
        return true;
    }

    /** Sends a protocol-level ping; browsers answer with a pong by themselves. */
    public void ping(long now) {
        pingSentAt = now;
        awaitingPong = true;
        WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
    }

    public void ponged() {
        awaitingPong = false;
    }

    public boolean awaitingPong() {
        return awaitingPong;
    }

    public long pingSentAt() {
        return pingSentAt;
    }

    /** Counts one frame the protocol does not have; returns how many this client sent so far. */
    public int invalidFrame() {
        return invalidFrames.incrementAndGet();
    }

    /** Closes the socket at once, without a close handshake: the peer is not reading anyway. */
    public void forceClose() {
        session.forceClose();
    }

    /** Closes with 1001 (going away), so the client reconnects at once. */
    public void goAway(String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, reason));
        } catch (IOException e) {
            IoUtils.safeClose(channel);
        }
    }
}
