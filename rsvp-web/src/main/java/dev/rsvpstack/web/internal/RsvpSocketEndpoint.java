package dev.rsvpstack.web.internal;

import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 endpoint browsers connect to. The protocol is one-way: the server pushes snapshots and
 * pings; the page sends nothing. So an inbound text frame is garbage (ignored and counted, and after
 * {@value #INVALID_FRAMES_TOLERATED} of them the connection is closed), a binary frame closes the
 * connection (1003), and a frame over the size limit closes it too (1009, by Undertow).
 */
public final class RsvpSocketEndpoint extends Endpoint {
    static final int INVALID_FRAMES_TOLERATED = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RsvpSocketEndpoint.class);

    private final Broadcaster broadcaster;
    private final IntSupplier maxConnections;
    private final IntSupplier maxFrameBytes;
    private final WebMetrics metrics;
    private final Clock clock;
    private final RateLimitedLog garbageLog;

    public RsvpSocketEndpoint(Broadcaster broadcaster, IntSupplier maxConnections, IntSupplier maxFrameBytes,
                              WebMetrics metrics, Clock clock) {
        this.broadcaster = broadcaster;
        this.maxConnections = maxConnections;
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
        this.clock = clock;
        this.garbageLog = new RateLimitedLog(LOG, clock);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // The upgrade handler refuses most excess connections with a 503; this is the exact limit,
        // for upgrades that raced past it.
        if (broadcaster.clientCount() >= maxConnections.getAsInt()) {
            metrics.rejectedCapacity.increment();
            close(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "server full"));
            return;
        }
        session.setMaxTextMessageBufferSize(maxFrameBytes.getAsInt());
        session.setMaxBinaryMessageBufferSize(maxFrameBytes.getAsInt());
        SocketClient client = new SocketClient((UndertowSession) session, clock.millis());
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> client.ponged());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> invalid(session, client,
                "text frame of " + text.length() + " chars"));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
            metrics.framesRejected.increment();
            garbageLog.warn("closing {}: it sent a binary frame of {} bytes", client.description(), bytes.remaining());
            close(session, new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "this endpoint takes no binary frames"));
        });
        broadcaster.register(client);
    }

    private void invalid(Session session, SocketClient client, String what) {
        int count = client.invalidFrame();
        if (count > INVALID_FRAMES_TOLERATED) {
            metrics.framesRejected.increment();
            garbageLog.warn("closing {}: {} frames the protocol does not have, the last a {}", client.description(),
                    count, what);
            close(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "the client sends nothing"));
        } else {
            metrics.framesIgnored.increment();
            garbageLog.warn("ignoring a {} from {}: the client sends nothing", what, client.description());
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (closeReason != null && closeReason.getCloseCode().getCode() == CloseReason.CloseCodes.TOO_BIG.getCode()) {
            metrics.framesOversized.increment();
            garbageLog.warn("closed client {}: a frame was larger than {} bytes", session.getId(), maxFrameBytes.getAsInt());
        }
        leave(session);
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket error on client {}: {}", session.getId(), error.toString());
        leave(session);
    }

    private void leave(Session session) {
        SocketClient client = broadcaster.client(session.getId());
        if (client != null) {
            broadcaster.unregister(client);
        }
    }

    private static void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.debug("close of client {} failed: {}", session.getId(), e.toString());
        }
    }
}
