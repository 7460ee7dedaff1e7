package dev.rsvpstack.web.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket fan-out load client for bench/web/run, in its own JVM: opens {@code clients}
 * connections, waits until each has its first snapshot, then for the next {@code updates} pushes
 * records, per client, the delay from the server's poll ({@code publishedAt}) to the message's arrival.
 * Usage: {@code FanoutClient <ws uri> <clients> <updates>}
 *
 * <p>With {@code -Dfanout.socketio=true}, each client speaks what a socket.io 4 client speaks over its WebSocket transport
 * (bench/web/run's baseline, the book's app, is a socket.io server; give the URI
 * {@code ws://host:port/socket.io/?EIO=4&transport=websocket}): it joins the default namespace ({@code 40})
 * once open and answers Engine.IO pings ({@code 2}) with pongs ({@code 3}). Event frames
 * ({@code 42["message",{...}]}) carry the same JSON, so the same {@code publishedAt} is read from them.
 */
public final class FanoutClient {
    private static final String PUBLISHED_AT = "\"publishedAt\":";

    private FanoutClient() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int updates = Integer.parseInt(args[2]);
        boolean socketIo = Boolean.getBoolean("fanout.socketio");
        Map<Long, ConcurrentLinkedQueue<Long>> delays = new ConcurrentHashMap<>();
        AtomicInteger initial = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        // Several clients, each with its own selector thread: one selector reading 10,000 sockets would
        // measure this load client's queue rather than the server's fan-out.
        HttpClient[] http = new HttpClient[4];
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        }
        Semaphore inFlight = new Semaphore(200);
        List<WebSocket> sockets = new ArrayList<>(clients);
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            inFlight.acquire();
            CompletableFuture<WebSocket> open = http[i % http.length].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, new Listener(delays, initial, closed, socketIo));
            open.whenComplete((socket, failure) -> inFlight.release());
            sockets.add(open.get(60, TimeUnit.SECONDS));
        }
        waitFor(() -> initial.get() >= clients, Duration.ofSeconds(60));
        System.out.printf("connected %d clients in %.1f s, all got the first snapshot: %s%n", clients,
                (System.nanoTime() - connectStart) / 1e9, initial.get() >= clients);
        delays.clear();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30L * updates + 30);
        while (System.nanoTime() < deadline && complete(delays, clients) < updates) {
            Thread.sleep(100); // polling a counter in a load client, not a test condition
        }
        List<Long> p99s = new ArrayList<>();
        delays.keySet().stream().sorted().limit(updates).forEach(publishedAt -> {
            long[] sorted = delays.get(publishedAt).stream().mapToLong(Long::longValue).sorted().toArray();
            long p50 = sorted[(int) Math.ceil(sorted.length * 0.50) - 1];
            long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            p99s.add(p99);
            System.out.printf("update %d: reached %d of %d clients; after the poll p50 %d ms, p99 %d ms, max %d ms, "
                    + "spread %d ms%n", publishedAt, sorted.length, clients, p50, p99, sorted[sorted.length - 1],
                    sorted[sorted.length - 1] - sorted[0]);
        });
        long[] ordered = p99s.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT clients=%d updates=%d median-p99-ms=%d closed=%d%n", clients, ordered.length,
                ordered.length == 0 ? -1 : ordered[ordered.length / 2], closed.get());
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        // Returning ends the JVM: the HttpClient's threads are daemons.
    }

    private static long complete(Map<Long, ConcurrentLinkedQueue<Long>> delays, int clients) {
        return delays.values().stream().filter(q -> q.size() >= clients).count();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Map<Long, ConcurrentLinkedQueue<Long>> delays;
        private final AtomicInteger initial;
        private final AtomicInteger closed;
        private final StringBuilder partial = new StringBuilder();
        private final boolean socketIo;
        private boolean first = true;

        Listener(Map<Long, ConcurrentLinkedQueue<Long>> delays, AtomicInteger initial, AtomicInteger closed,
                 boolean socketIo) {
            this.delays = delays;
            this.initial = initial;
            this.closed = closed;
            this.socketIo = socketIo;
        }

        @Override
        public void onOpen(WebSocket socket) {
            if (socketIo) {
                socket.sendText("40", true); // socket.io CONNECT to the default namespace
            }
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.currentTimeMillis();
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (socketIo && message.equals("2")) {
                    socket.sendText("3", true); // Engine.IO pong, or the server closes the connection
                }
                int at = message.indexOf(PUBLISHED_AT);
                if (at >= 0) {
                    int start = at + PUBLISHED_AT.length();
                    int end = start;
                    while (end < message.length() && Character.isDigit(message.charAt(end))) {
                        end++;
                    }
                    long publishedAt = Long.parseLong(message.substring(start, end));
                    if (first) {
                        first = false;
                        initial.incrementAndGet();
                    } else {
                        delays.computeIfAbsent(publishedAt, k -> new ConcurrentLinkedQueue<>()).add(now - publishedAt);
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.incrementAndGet();
        }
    }

}
