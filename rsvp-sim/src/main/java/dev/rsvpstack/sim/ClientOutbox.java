package dev.rsvpstack.sim;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * What one client still has to receive, sent with at most {@code window} frames outstanding.
 * Handing Undertow a whole replay at once (50,000 frames) makes it walk its list of pending frame
 * senders on every flush, which cost more CPU than the client being measured; a small window keeps
 * each flush short and the frames in order. A client that falls {@code maxQueued} frames behind is
 * dropped, as a slow consumer of a live stream would be; it can resume with {@code since_mtime}.
 */
final class ClientOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(ClientOutbox.class);

    /** One queued frame: UTF-8 text or binary bytes. */
    private record Frame(ByteBuffer bytes, boolean binary) {
    }

    private final WebSocketChannel channel;
    private final int window;
    private final int maxQueued;
    private final AtomicLong sent;
    private final Queue<Frame> queue = new ArrayDeque<>();
    private final WebSocketCallback<Void> onSent = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ignored, Void context) {
            sent.incrementAndGet();
            synchronized (ClientOutbox.this) {
                outstanding--;
                pump();
            }
        }

        @Override
        public void onError(WebSocketChannel failed, Void context, Throwable throwable) {
            LOG.debug("send to {} failed; dropping the client", failed.getSourceAddress(), throwable);
            IoUtils.safeClose(failed);
        }
    };
    private int outstanding;
    private boolean pumping;
    /** When the client last answered a ping or sent anything (monotonic nanos). */
    private volatile long lastHeardNanos = System.nanoTime();

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    ClientOutbox(WebSocketChannel channel, int window, int maxQueued, AtomicLong sent) {
        this.channel = channel;
        this.window = window;
        this.maxQueued = maxQueued;
        this.sent = sent;
    }

    WebSocketChannel channel() {
        return channel;
    }

    /** Queues a text frame of UTF-8 bytes (sent as they are, valid or not). */
    synchronized void text(byte[] utf8) {
        offer(new Frame(ByteBuffer.wrap(utf8), false));
    }

    synchronized void binary(byte[] bytes) {
        offer(new Frame(ByteBuffer.wrap(bytes), true));
    }

    private void offer(Frame frame) {
        if (queue.size() >= maxQueued) {
            LOG.warn("client {} is {} messages behind; dropping it (it can resume with since_mtime)",
                    channel.getSourceAddress(), queue.size());
            queue.clear();
            IoUtils.safeClose(channel);
            return;
        }
        queue.add(frame);
        pump();
    }

    /**
     * Sends while the window allows. Undertow may call {@link #onSent} on this very thread when a
     * write completes at once; the flag keeps that from recursing once per queued frame.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (outstanding < window && !queue.isEmpty() && channel.isOpen()) {
                Frame frame = queue.poll();
                outstanding++;
                if (frame.binary()) {
                    WebSockets.sendBinary(frame.bytes(), channel, onSent);
                } else {
                    WebSockets.sendText(frame.bytes(), channel, onSent);
                }
            }
        } finally {
            pumping = false;
        }
    }
}
