package dev.rsvpstack.web.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.internal.Snapshot;
import dev.rsvpstack.web.internal.SnapshotEncoder;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionStores;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling bench/web/run measures rsvp-web against: Undertow core alone, in the same JVM settings, with
 * the same bytes. {@code GET /} answers the page rsvp-web serves (no session, no security headers, sent from
 * the I/O thread); {@code /ws/rsvps} is an Undertow-core WebSocket (no JSR-356, no origin check, no capacity
 * check, no heartbeat, no metrics) that gets the current message on connect, and one timer that every
 * {@code pollMs} takes BenchServer's data and, when it changed, sends the same pre-encoded message (rsvp-web's
 * encoder, so the same bytes with {@code publishedAt} = the poll) to every channel.
 *
 * <p>With memcached nodes, {@code GET /} also makes the one session-store operation rsvp-web's session
 * requests make, through session-lib's public {@link SessionStore} and nothing else (no cookie parsing or
 * signing, no {@code Set-Cookie}, no session tracking): without a {@code Cookie} header it saves a new
 * record and answers without waiting, as rsvp-web does for a new session; with one ({@code Cookie: id=<id>},
 * {@link #CEILING_ID} exists) it loads that record and answers when memcached did. That is the ceiling of a
 * session request on these machines: bare Undertow plus the memcached operation.
 * Usage: {@code BareUndertowServer <port> <pollMs> <changeMs> [memcached host:port,...]}
 */
public final class BareUndertowServer {
    /** The record the load ceiling reads: bench/baselines/web.sh sends {@code Cookie: id=<this>}. */
    static final String CEILING_ID = "ceilingCeilingCeilingCeilingCeil";
    private static final Duration TTL = Duration.ofDays(1);
    private static final SessionCookie COOKIE = new SessionCookie(null, null, false, true, null, "/", null);

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

        HttpHandler pageHandler = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
            exchange.getResponseSender().send(page.duplicate());
        };
        MemcachedSessionStore store = args.length > 3 ? SessionStores.memcached(MemcachedSettings.builder()
                .nodes(BenchServer.nodes(args[3])).build()) : null;
        if (store != null) {
            store.save(new SessionRecord(CEILING_ID, COOKIE, Map.of()), SessionChanges.whole(), TTL)
                    .toCompletableFuture().get();
        }
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path()
                        .addExactPath("/", store == null ? pageHandler : storeOperation(store, pageHandler))
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
            if (store != null) {
                store.close();
            }
            stop.countDown();
        }));
        stop.await();
    }

    /** One session-store operation, then the page: a save not waited for, or a load waited for. */
    private static HttpHandler storeOperation(MemcachedSessionStore store, HttpHandler next) {
        return exchange -> {
            String cookie = exchange.getRequestHeaders().getFirst(Headers.COOKIE);
            if (cookie == null) {
                store.save(new SessionRecord(randomId(), COOKIE, Map.of()), SessionChanges.whole(), TTL);
                next.handleRequest(exchange);
                return;
            }
            CompletableFuture<?> loading = store.load(cookie.substring(cookie.indexOf('=') + 1)).toCompletableFuture();
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> loading.whenComplete(
                    (record, failure) -> exchange.dispatch(exchange.getIoThread(), next)));
        };
    }

    /** 32 URL-safe characters like a session id, without SecureRandom: the ceiling leaves rsvp-web's work out. */
    private static String randomId() {
        byte[] bytes = new byte[24];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
