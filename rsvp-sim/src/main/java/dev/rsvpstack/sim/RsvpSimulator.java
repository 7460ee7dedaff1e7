package dev.rsvpstack.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
 * rate. A client that connects with {@code ?since_mtime=<ms>} first gets what it missed from a
 * bounded history, as Meetup documented. Faults can be injected for tests.
 *
 * <p>It also enforces the upstream's one rule: one connection at a time. It measures how long two or
 * more connections were open together ({@link #status()}, {@code GET /status}, and a log line when an
 * overlap starts and ends), and in strict mode refuses a second concurrent connection at the upgrade
 * with HTTP 409. A connection made with {@value #OBSERVER_PARAMETER}{@code =true} is an observer (a
 * test or the failover rehearsal recording what was sent): it gets the same stream but is not counted
 * in the overlap and is never refused, so watching the rule does not break it.
 *
 * <p>Everything that queues frames runs on one thread (the ticker), so a joining client's replay and
 * the live stream can neither overlap nor leave a gap; each client's {@link ClientOutbox} sends its
 * queue in order.
 */
public final class RsvpSimulator implements AutoCloseable {
    /** The path of Meetup's stream, kept so a client's URL only changes its host. */
    public static final String PATH = "/2/rsvps";
    /** JSON {@link SimulatorStatus}: connections, overlap, refusals, counts. */
    public static final String STATUS_PATH = "/status";
    /** The query parameter that marks a stream connection as an observer ({@code ?observer=true}). */
    public static final String OBSERVER_PARAMETER = "observer";
    private static final Logger LOG = LoggerFactory.getLogger(RsvpSimulator.class);
    private static final long TICK_MILLIS = 10;

    private final SimulatorSettings settings;
    private final RsvpGenerator generator;
    private final History history;
    /** Frames a client may have outstanding in Undertow; see {@link ClientOutbox}. */
    private static final int SEND_WINDOW = 64;

    private final Map<WebSocketChannel, ClientOutbox> clients = new ConcurrentHashMap<>();
    private final Deque<Join> joins = new ConcurrentLinkedDeque<>();
    private final Deque<SimulatorFault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong firstId = new AtomicLong(-1);
    private final AtomicLong lastId = new AtomicLong(-1);
    private final ScheduledExecutorService ticker;
    private final Undertow server;
    private final long startNanos;
    private long lastPingNanos;
    private final ConnectionOverlap overlap = new ConnectionOverlap();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Join(WebSocketChannel channel, long sinceMtime) {
    }

    private RsvpSimulator(SimulatorSettings settings, RsvpGenerator generator) {
        this.settings = settings;
        this.generator = generator;
        this.history = new History(settings.historySize());
        HttpHandler stream = Handlers.websocket((exchange, channel) -> {
            if (observer(exchange.getRequestParameters().get(OBSERVER_PARAMETER))) {
                overlap.openObserver();
                LOG.info("observer connected from {} (not counted in the overlap)", channel.getSourceAddress());
                channel.addCloseTask(closed -> {
                    clients.remove(closed);
                    overlap.closeObserver();
                });
            } else {
                if (overlap.open(System.nanoTime(), settings.strict()) == ConnectionOverlap.Change.REFUSED) {
                    // two upgrades raced past the check below: the later one goes
                    LOG.warn("strict: refused a second concurrent connection from {} (closed after the upgrade)",
                            channel.getSourceAddress());
                    IoUtils.safeClose(channel);
                    return;
                }
                logOverlapStart(channel);
                channel.addCloseTask(closed -> {
                    clients.remove(closed);
                    if (overlap.close(System.nanoTime()) == ConnectionOverlap.Change.OVERLAP_ENDED) {
                        LOG.info("overlap ended: one stream connection open again ({} ms with two or more in all)",
                                overlap.overlapMillis(System.nanoTime()));
                    }
                });
            }
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullPongMessage(WebSocketChannel from, BufferedBinaryMessage message) {
                    message.getData().free();
                    heard(from);
                }

                @Override
                protected void onFullTextMessage(WebSocketChannel from, BufferedTextMessage message) {
                    heard(from);
                }
            });
            channel.resumeReceives();
            joins.add(new Join(channel, sinceMtime(exchange.getRequestParameters().get("since_mtime"))));
        });
        HttpHandler refuseSecond = exchange -> {
            boolean observer = observer(exchange.getQueryParameters().get(OBSERVER_PARAMETER));
            if (!observer && overlap.wouldRefuse(settings.strict())) {
                overlap.refused();
                LOG.warn("strict: refused a second concurrent connection from {} at the upgrade ({} refused)",
                        exchange.getSourceAddress(), overlap.refusedCount());
                exchange.setStatusCode(StatusCodes.CONFLICT);
                exchange.getResponseSender().send("one connection at a time: another stream connection is open\n");
                return;
            }
            stream.handleRequest(exchange);
        };
        this.server = Undertow.builder()
                .addHttpListener(settings.port(), settings.host())
                .setHandler(Handlers.path()
                        .addPrefixPath(PATH, refuseSecond)
                        .addExactPath(STATUS_PATH, exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                            exchange.getResponseSender().send(JSON.writeValueAsString(status()));
                        }))
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
        LOG.info("RSVP simulator streaming {} RSVPs/s at {}{}{}{}", settings.ratePerSecond(), simulator.uri(),
                settings.limit() > 0 ? " (" + settings.limit() + " in all)" : "",
                settings.strict() ? ", refusing a second concurrent connection" : "",
                settings.clientTimeout().isZero() ? "" : ", dropping clients silent for " + settings.clientTimeout());
        return simulator;
    }

    /** Where clients connect, for example {@code ws://127.0.0.1:41234/2/rsvps}. */
    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("ws://" + settings.host() + ":" + address.getPort() + PATH);
    }

    /** Messages that went out, summed over clients (replays included). */
    public long sentCount() {
        return sent.get();
    }

    /** RSVPs generated so far; their ids run from {@link #firstRsvpId()} to {@link #lastRsvpId()}. */
    public long generatedCount() {
        return generated.get();
    }

    /** The first id generated, or -1 before the first. */
    public long firstRsvpId() {
        return firstId.get();
    }

    /** The last id generated, or -1 before the first. */
    public long lastRsvpId() {
        return lastId.get();
    }

    /** Whether a {@link SimulatorSettings#limit()} was set and reached. */
    public boolean finished() {
        return settings.limit() > 0 && generated.get() >= settings.limit();
    }

    public int clientCount() {
        return clients.size();
    }

    /** Connections, their overlap and refusals, and counts; what {@code GET /status} answers. */
    public SimulatorStatus status() {
        long now = System.nanoTime();
        return new SimulatorStatus(overlap.openConnections(), overlap.observers(), overlap.maxConcurrent(),
                overlap.overlapMillis(now), overlap.episodes(), overlap.refusedCount(), settings.strict(), generated.get(),
                sent.get());
    }

    /** Where {@code GET /status} answers, for example {@code http://127.0.0.1:41234/status}. */
    public URI statusUri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://" + settings.host() + ":" + address.getPort() + STATUS_PATH);
    }

    private void heard(WebSocketChannel channel) {
        ClientOutbox outbox = clients.get(channel);
        if (outbox != null) {
            outbox.heard();
        }
    }

    /**
     * Pings every client each quarter of the client timeout and drops one that answered nothing for
     * the whole timeout: a frozen process keeps its TCP connection open (its kernel still acknowledges),
     * so only the server can end it.
     */
    private void checkSilentClients() {
        long timeout = settings.clientTimeout().toNanos();
        if (timeout == 0) {
            return;
        }
        long now = System.nanoTime();
        boolean ping = now - lastPingNanos >= timeout / 4;
        if (ping) {
            lastPingNanos = now;
        }
        for (ClientOutbox client : clients.values()) {
            long silent = now - client.lastHeardNanos();
            if (silent > timeout) {
                LOG.warn("client {} answered no ping for {} ms; dropping it", client.channel().getSourceAddress(),
                        TimeUnit.NANOSECONDS.toMillis(silent));
                clients.remove(client.channel());
                IoUtils.safeClose(client.channel());
            } else if (ping) {
                WebSockets.sendPing(ByteBuffer.allocate(0), client.channel(), null);
            }
        }
    }

    private void logOverlapStart(WebSocketChannel channel) {
        if (overlap.openConnections() >= 2) {
            LOG.warn("overlap: {} stream connections open at once (newest from {}); the upstream allowed one",
                    overlap.openConnections(), channel.getSourceAddress());
        }
    }

    /** Sends {@code fault} to every client on the next tick, between two RSVPs. */
    public void inject(SimulatorFault fault) {
        faults.add(fault);
    }

    /** {@code ?observer=true} (or a bare {@code ?observer}); anything else is a consumer. */
    private static boolean observer(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return false;
        }
        String value = values.iterator().next();
        return value.isEmpty() || value.equalsIgnoreCase("true");
    }

    private static long sinceMtime(List<String> values) {
        if (values == null || values.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Admits joining clients (replaying what they missed), then sends whatever the rate says is due. */
    private void tick() {
        try {
            for (Join join = joins.poll(); join != null; join = joins.poll()) {
                admit(join);
            }
            for (SimulatorFault fault = faults.poll(); fault != null; fault = faults.poll()) {
                send(fault);
            }
            checkSilentClients();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            long due = elapsedMillis * settings.ratePerSecond() / 1000 - generated.get();
            if (settings.limit() > 0) {
                due = Math.min(due, settings.limit() - generated.get());
            }
            for (long i = 0; i < due; i++) {
                RsvpGenerator.GeneratedRsvp rsvp = generator.generate();
                firstId.compareAndSet(-1, rsvp.rsvpId());
                lastId.set(rsvp.rsvpId());
                // Encoded once for every client and every replay.
                byte[] utf8 = rsvp.json().getBytes(StandardCharsets.UTF_8);
                history.add(rsvp.mtime(), utf8);
                generated.incrementAndGet();
                for (ClientOutbox client : clients.values()) {
                    client.text(utf8);
                }
            }
        } catch (RuntimeException e) {
            // A failing tick must not end the scheduled task: the stream would silently stop.
            LOG.error("simulator tick failed", e);
        }
    }

    private void admit(Join join) {
        if (!join.channel().isOpen()) {
            return;
        }
        // Room for a whole replay plus ten seconds of the live stream behind it.
        int maxQueued = settings.historySize() + Math.max(1_000, 10 * settings.ratePerSecond());
        ClientOutbox outbox = new ClientOutbox(join.channel(), SEND_WINDOW, maxQueued, sent);
        if (join.sinceMtime() >= 0) {
            List<byte[]> missed = history.since(join.sinceMtime());
            LOG.info("client {} resumes since mtime {}: replaying {} RSVPs", join.channel().getSourceAddress(),
                    join.sinceMtime(), missed.size());
            for (byte[] utf8 : missed) {
                outbox.text(utf8);
            }
        }
        clients.put(join.channel(), outbox);
    }

    private void send(SimulatorFault fault) {
        LOG.info("injecting {} to {} clients", fault, clients.size());
        for (ClientOutbox client : clients.values()) {
            switch (fault) {
                case MALFORMED_JSON -> client.text(utf8("{\"rsvp_id\": 12, \"mtime\": "));
                case MISSING_RSVP_ID -> client.text(utf8("{\"mtime\": 1, \"event\": {\"event_id\": \"x\"}}"));
                case WRONG_TYPES -> client.text(utf8("{\"rsvp_id\": \"twelve\", \"mtime\": {}, \"event\": []}"));
                case OVERSIZED_FRAME -> client.text(utf8("{\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
                case BINARY_FRAME -> client.binary(new byte[] {1, 2, 3, 4});
                case INVALID_UTF8 -> client.text(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
                case DROP_CONNECTIONS -> IoUtils.safeClose(client.channel()); // the TCP connection, no close frame
            }
        }
        if (fault == SimulatorFault.DROP_CONNECTIONS) {
            clients.clear();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (WebSocketChannel client : clients.keySet()) {
            try {
                client.sendClose();
            } catch (IOException e) {
                IoUtils.safeClose(client);
            }
        }
        server.stop();
        SimulatorStatus last = status();
        LOG.info("RSVP simulator stopped after {} RSVPs ({} messages sent); overlap {} ms in {} episodes, at most {}"
                + " connections at once, {} refused", last.generated(), last.sent(), last.overlapMillis(),
                last.overlapEpisodes(), last.maxConcurrentClients(), last.refusedConnections());
    }

}
