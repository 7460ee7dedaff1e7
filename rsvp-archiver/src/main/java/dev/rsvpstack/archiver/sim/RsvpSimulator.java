package dev.rsvpstack.archiver.sim;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * A local stand-in for Meetup's retired RSVP stream ({@code ws://stream.meetup.com/2/rsvps}): a
 * WebSocket server at {@value #PATH} that sends every connected client the same RSVPs at a steady
 * rate. Meetup is gone since 2020; demos, tests and clusters need a source with the same shape.
 */
public final class RsvpSimulator implements AutoCloseable {
    /** The path of Meetup's stream, kept so a client's URL only changes its host. */
    public static final String PATH = "/2/rsvps";
    private static final Logger LOG = LoggerFactory.getLogger(RsvpSimulator.class);
    private static final long TICK_MILLIS = 10;

    private final SimulatorSettings settings;
    private final RsvpGenerator generator;
    private final Set<WebSocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final Undertow server;
    private final long startNanos;
    private long emitted;

    private RsvpSimulator(SimulatorSettings settings, RsvpGenerator generator) {
        this.settings = settings;
        this.generator = generator;
        this.server = Undertow.builder()
                .addHttpListener(settings.port(), settings.host())
                .setHandler(Handlers.path().addPrefixPath(PATH, Handlers.websocket((exchange, channel) -> {
                    clients.add(channel);
                    channel.addCloseTask(clients::remove);
                    channel.resumeReceives();
                    LOG.debug("client connected from {}", channel.getSourceAddress());
                })))
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rsvp-simulator");
            thread.setDaemon(true);
            return thread;
        });
        this.startNanos = System.nanoTime();
    }

    /** Starts the server and the steady stream. */
    public static RsvpSimulator start(SimulatorSettings settings, RsvpGenerator generator) {
        RsvpSimulator simulator = new RsvpSimulator(settings, generator);
        simulator.server.start();
        simulator.ticker.scheduleAtFixedRate(simulator::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("RSVP simulator streaming {} RSVPs/s at {}", settings.ratePerSecond(), simulator.uri());
        return simulator;
    }

    /** Where clients connect, for example {@code ws://127.0.0.1:41234/2/rsvps}. */
    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("ws://" + settings.host() + ":" + address.getPort() + PATH);
    }

    /** How many messages went out, summed over clients. */
    public long sentCount() {
        return sent.get();
    }

    /** How many clients are connected now. */
    public int clientCount() {
        return clients.size();
    }

    /** Sends whatever the rate says is due since the start; catches up after a slow tick. */
    private void tick() {
        try {
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            long due = elapsedMillis * settings.ratePerSecond() / 1000 - emitted;
            for (long i = 0; i < due; i++) {
                broadcast(generator.next());
            }
            emitted += due;
        } catch (RuntimeException e) {
            // A failing tick must not end the scheduled task: the stream would silently stop.
            LOG.error("simulator tick failed", e);
        }
    }

    private void broadcast(String message) {
        for (WebSocketChannel client : clients) {
            WebSockets.sendText(message, client, new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel channel, Void context) {
                    sent.incrementAndGet();
                }

                @Override
                public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                    LOG.debug("send to {} failed; dropping the client", channel.getSourceAddress(), throwable);
                    IoUtils.safeClose(channel);
                }
            });
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (WebSocketChannel client : clients) {
            try {
                client.sendClose();
            } catch (IOException e) {
                IoUtils.safeClose(client);
            }
        }
        server.stop();
        LOG.info("RSVP simulator stopped after {} messages", sent.get());
    }
}
