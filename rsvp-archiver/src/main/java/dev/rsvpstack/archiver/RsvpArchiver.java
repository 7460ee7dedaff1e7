package dev.rsvpstack.archiver;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the RSVP stream over a WebSocket (Tyrus client) and hands every valid RSVP to a
 * {@link RsvpStore}. Invalid messages are counted and logged, never stored and never fatal. When
 * the stream drops, the archiver connects again after {@link ArchiverSettings#reconnectDelay()}.
 */
public final class RsvpArchiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RsvpArchiver.class);

    private final ArchiverSettings settings;
    private final RsvpParser parser;
    private final RsvpStore store;
    private final ClientManager client = ClientManager.createClient();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rsvp-archiver-connect");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Session session;
    private volatile boolean closed;

    public RsvpArchiver(ArchiverSettings settings, RsvpParser parser, RsvpStore store) {
        this.settings = settings;
        this.parser = parser;
        this.store = store;
    }

    /** Connects in the background; returns at once. */
    public RsvpArchiver start() {
        reconnector.execute(this::connect);
        return this;
    }

    public ArchiverStats stats() {
        return new ArchiverStats(received.get(), stored.get(), invalid.get(), failed.get());
    }

    /** Whether the stream is connected now. */
    public boolean isConnected() {
        Session current = session;
        return current != null && current.isOpen();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connectToServer(new StreamEndpoint(), ClientEndpointConfig.Builder.create().build(),
                    settings.source());
        } catch (DeploymentException | IOException e) {
            LOG.warn("cannot connect to the RSVP stream at {}: {}; retrying in {}", settings.source(),
                    e.getMessage(), settings.reconnectDelay());
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (!closed) {
            reconnector.schedule(this::connect, settings.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void onMessage(String text) {
        received.incrementAndGet();
        RsvpMessage rsvp;
        try {
            rsvp = parser.parse(text);
        } catch (InvalidRsvpException e) {
            invalid.incrementAndGet();
            LOG.warn("dropped an invalid message from the stream: {}", e.getMessage());
            return;
        }
        store.store(rsvp).whenComplete((ignored, error) -> {
            if (error == null) {
                stored.incrementAndGet();
            } else {
                failed.incrementAndGet();
                LOG.warn("could not store {}: {}", rsvp.documentKey(), error.toString());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        reconnector.shutdownNow();
        Session current = session;
        if (current != null && current.isOpen()) {
            try {
                current.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "archiver shutting down"));
            } catch (IOException e) {
                LOG.debug("close of the stream session failed", e);
            }
        }
        client.shutdown();
        LOG.info("archiver stopped: {}", stats());
    }

    /** One connection to the stream; a new one is made for each reconnect. */
    private final class StreamEndpoint extends Endpoint {
        @Override
        public void onOpen(Session newSession, EndpointConfig config) {
            session = newSession;
            newSession.addMessageHandler(String.class, (MessageHandler.Whole<String>) RsvpArchiver.this::onMessage);
            LOG.info("connected to the RSVP stream at {}", settings.source());
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            if (!closed) {
                LOG.warn("the RSVP stream closed ({}); reconnecting in {}", reason, settings.reconnectDelay());
                scheduleReconnect();
            }
        }

        @Override
        public void onError(Session failedSession, Throwable error) {
            LOG.warn("RSVP stream error: {}", error.toString());
        }
    }
}
