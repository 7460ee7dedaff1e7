package dev.rsvpstack.archiver.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.glassfish.tyrus.client.ClientManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to the RSVP stream at a time (Tyrus client), reconnected with jittered
 * exponential backoff. Every (re)connect asks for {@code since_mtime} = the resume point, so a drop
 * leaves no gap. Messages are handed over on Tyrus's reader thread: a handler that blocks stops the
 * reading, which is the archiver's backpressure.
 */
public final class StreamClient implements AutoCloseable {
    /** Large enough that an oversized frame arrives and is dead-lettered by size, not by a torn connection. */
    private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    /** What the client hands over. */
    public interface Handler {
        void onText(String message) throws InterruptedException;

        void onBinary(int length);

        void onUndecodable(String why);
    }

    private final URI source;
    private final LongSupplier resumeFrom;
    private final Handler handler;
    private final Backoff backoff;
    private final Consumer<Boolean> connectedListener;
    private final BooleanSupplier mayConnect;
    private final ClientManager client = ClientManager.createClient();
    private final ScheduledExecutorService connector = DaemonScheduler.named("archiver-connect");
    private volatile Session session;
    private volatile boolean closed;

    public StreamClient(URI source, LongSupplier resumeFrom, Handler handler, Duration reconnectMin,
                        Duration reconnectMax, Consumer<Boolean> connectedListener) {
        this(source, resumeFrom, handler, reconnectMin, reconnectMax, connectedListener, () -> true);
    }

    /** @param mayConnect asked before every (re)connect: false keeps the client from connecting */
    public StreamClient(URI source, LongSupplier resumeFrom, Handler handler, Duration reconnectMin,
                        Duration reconnectMax, Consumer<Boolean> connectedListener, BooleanSupplier mayConnect) {
        this.mayConnect = mayConnect;
        this.source = source;
        this.resumeFrom = resumeFrom;
        this.handler = handler;
        this.backoff = new Backoff(reconnectMin, reconnectMax);
        this.connectedListener = connectedListener;
    }

    public void start() {
        connector.execute(this::connect);
    }

    public boolean isConnected() {
        Session current = session;
        return current != null && current.isOpen();
    }

    private URI resumeUri() {
        long since = resumeFrom.getAsLong();
        if (since < 0) {
            return source;
        }
        String separator = source.getQuery() == null ? "?" : "&";
        return URI.create(source + separator + "since_mtime=" + since);
    }

    private void connect() {
        if (closed || !mayConnect.getAsBoolean()) {
            return;
        }
        URI uri = resumeUri();
        try {
            client.connectToServer(new StreamEndpoint(), ClientEndpointConfig.Builder.create().build(), uri);
        } catch (DeploymentException | IOException e) {
            Duration delay = backoff.next();
            LOG.warn("cannot connect to the RSVP stream at {}: {}; retrying in {} ms", uri, e.getMessage(),
                    delay.toMillis());
            connector.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconnectLater(CloseReason reason) {
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        LOG.warn("the RSVP stream closed ({} {}); reconnecting in {} ms from mtime {}", reason.getCloseCode(),
                reason.getReasonPhrase(), delay.toMillis(), resumeFrom.getAsLong());
        connector.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the connection and returns only when its socket is closed (the client's transport is
     * shut down), so a leader that steps down has let go of the upstream when this returns.
     */
    @Override
    public synchronized void close() {
        closed = true;
        connector.shutdownNow();
        Session current = session;
        if (current != null && current.isOpen()) {
            closeQuietly(current);
        }
        client.shutdown();
    }

    private static void closeQuietly(Session session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "archiver shutting down"));
        } catch (IOException e) {
            LOG.debug("closing the stream session failed", e);
        }
    }

    /** One connection; a new instance per reconnect. */
    private final class StreamEndpoint extends Endpoint {
        @Override
        public void onOpen(Session newSession, EndpointConfig config) {
            if (closed) {
                // connected while the client was being closed: the one connection must not outlive it
                closeQuietly(newSession);
                return;
            }
            newSession.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
            newSession.setMaxBinaryMessageBufferSize(MAX_FRAME_BYTES);
            // Negative, not the default 0: both mean "never time out", but with 0 Tyrus (2.2) schedules
            // a no-op idle-timeout task on its executor for every message received.
            newSession.setMaxIdleTimeout(-1);
            newSession.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    handler.onText(text);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            newSession.addMessageHandler(ByteBuffer.class,
                    (MessageHandler.Whole<ByteBuffer>) bytes -> handler.onBinary(bytes.remaining()));
            session = newSession;
            backoff.reset();
            connectedListener.accept(true);
            LOG.info("connected to the RSVP stream at {}", newSession.getRequestURI());
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            connectedListener.accept(false);
            if (reason.getCloseCode() == CloseReason.CloseCodes.NOT_CONSISTENT) {
                handler.onUndecodable("a text frame that is not UTF-8 (the connection was closed with 1007)");
            } else if (reason.getCloseCode() == CloseReason.CloseCodes.TOO_BIG) {
                handler.onUndecodable("a frame over " + MAX_FRAME_BYTES + " bytes (closed with 1009)");
            }
            reconnectLater(reason);
        }

        @Override
        public void onError(Session failedSession, Throwable error) {
            LOG.debug("RSVP stream error", error);
        }
    }
}
