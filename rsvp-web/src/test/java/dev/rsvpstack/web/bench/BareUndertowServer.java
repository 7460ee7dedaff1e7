package dev.rsvpstack.web.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.internal.Snapshot;
import dev.rsvpstack.web.internal.SnapshotEncoder;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling bench/web/run measures rsvp-web against: Undertow core alone, in the same JVM settings, with
 * the same bytes. {@code GET /} answers the page rsvp-web serves (no session, no security headers, sent from
 * the I/O thread); {@code /ws/rsvps} is an Undertow-core WebSocket (no JSR-356, no origin check, no capacity
 * check, no heartbeat, no metrics) that gets the current message on connect, and one timer that every
 * {@code pollMs} takes BenchServer's data and, when it changed, sends the same pre-encoded message (rsvp-web's
 * encoder, so the same bytes with {@code publishedAt} = the poll) to every channel.
 * Usage: {@code BareUndertowServer <port> <pollMs> <changeMs>}
 */
public final class BareUndertowServer {
    private BareUndertowServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pollMs = Long.parseLong(args[1]);
        long changeMs = Long.parseLong(args[2]);
        ByteBuffer page = ByteBuffer.wrap(page()).asReadOnlyBuffer();
        Set<WebSocketChannel> channels = ConcurrentHashMap.newKeySet();
        Broadcast broadcast = new Broadcast(new BenchServer.ChangingSource(changeMs), channels);
        broadcast.poll(); // the first message, for the first clients

        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path()
                        .addExactPath("/", exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
                            exchange.getResponseSender().send(page.duplicate());
                        })
                        .addExactPath("/healthz", exchange -> exchange.getResponseSender().send("ok"))
                        .addExactPath("/ws/rsvps", Handlers.websocket((exchange, channel) -> {
                            channels.add(channel);
                            channel.addCloseTask(channels::remove);
                            channel.resumeReceives(); // reads close frames and pings (answered by Undertow)
                            WebSockets.sendText(broadcast.current().duplicate(), channel, null);
                        })))
                .build();
        server.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bare-broadcast"));
        timer.scheduleAtFixedRate(broadcast::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
        System.out.println("ready http://127.0.0.1:" + port + "/");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            timer.shutdownNow();
            server.stop();
            stop.countDown();
        }));
        stop.await();
    }

    private static byte[] page() throws IOException {
        try (InputStream in = RsvpWebServer.class.getClassLoader()
                .getResourceAsStream("dev/rsvpstack/web/static/index.html")) {
            return Objects.requireNonNull(in, "rsvp-web's index.html is not on the class path").readAllBytes();
        }
    }

    /** One timer's work: the same data as BenchServer, sent to every channel when it changed. */
    private static final class Broadcast {
        private final BenchServer.ChangingSource source;
        private final Set<WebSocketChannel> channels;
        private final SnapshotEncoder encoder = new SnapshotEncoder(new ObjectMapper());
        private volatile ByteBuffer current;
        private String lastKey;

        Broadcast(BenchServer.ChangingSource source, Set<WebSocketChannel> channels) {
            this.source = source;
            this.channels = channels;
        }

        ByteBuffer current() {
            return current;
        }

        void poll() {
            long at = System.currentTimeMillis();
            long endMinute = Math.floorDiv(at, 60_000L);
            Snapshot snapshot = new Snapshot(source.latest(10), source.countsPerMinute(endMinute - 29, endMinute),
                    endMinute, 30, null);
            String key = encoder.contentKey(snapshot);
            if (key.equals(lastKey)) {
                return;
            }
            lastKey = key;
            ByteBuffer message = encoder.message(snapshot, at);
            current = message;
            for (WebSocketChannel channel : channels) {
                WebSockets.sendText(message.duplicate(), channel, null);
            }
        }
    }
}
