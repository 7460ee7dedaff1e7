package dev.rsvpstack.web.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>More clients than one process may hold sockets for (20,000 open files here) are spread over several
 * JVMs that start measuring together: {@code FanoutClient <ws uri> <clients> <updates> <sync dir> <name>}
 * connects, writes {@code <name>.ready}, waits for the file {@code go} (its content: the epoch ms from which
 * updates count), records the first {@code updates} updates published from then on, writes their delays to
 * {@code <name>.delays} and its disconnects to {@code <name>.closed}, and keeps its sockets open until the
 * file {@code done} appears. {@code FanoutClient merge <sync dir> <total clients> <updates>} then prints
 * the figures over all of them, in the same lines as a single client process.
 */
public final class FanoutClient {
    private static final String PUBLISHED_AT = "\"publishedAt\":";
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(300);

    private FanoutClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("merge")) {
            merge(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int updates = Integer.parseInt(args[2]);
        boolean socketIo = Boolean.getBoolean("fanout.socketio");
        Path sync = args.length > 4 ? Path.of(args[3]) : null;
        String name = args.length > 4 ? args[4] : null;
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
        // Updates count from now (or from the time in the go file): not cleared, since a message of a counted
        // update may arrive before this process saw the go file.
        long from = System.currentTimeMillis();
        if (sync != null) {
            Files.writeString(sync.resolve(name + ".ready"), "");
            waitFor(() -> Files.exists(sync.resolve("go")), SYNC_TIMEOUT);
            from = Long.parseLong(Files.readString(sync.resolve("go")).trim());
        }
        long counted = from;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30L * updates + 30);
        while (System.nanoTime() < deadline && complete(delays, clients, counted) < updates) {
            Thread.sleep(100); // polling a counter in a load client, not a test condition
        }
        Map<Long, long[]> measured = new TreeMap<>();
        delays.keySet().stream().filter(at -> at >= counted).sorted().limit(updates).forEach(publishedAt ->
                measured.put(publishedAt, delays.get(publishedAt).stream().mapToLong(Long::longValue).toArray()));
        if (sync == null) {
            report(measured, clients, closed.get());
        } else {
            StringBuilder lines = new StringBuilder();
            measured.forEach((publishedAt, values) -> {
                for (long delay : values) {
                    lines.append(publishedAt).append(' ').append(delay).append('\n');
                }
            });
            Files.writeString(sync.resolve(name + ".delays.tmp"), lines);
            Files.move(sync.resolve(name + ".delays.tmp"), sync.resolve(name + ".delays"));
            Files.writeString(sync.resolve(name + ".closed"), Integer.toString(closed.get()));
            System.out.printf("%s: %d updates recorded, %d clients closed%n", name, measured.size(), closed.get());
            // The others may still wait for their last update: closing now would load the server meanwhile.
            waitFor(() -> Files.exists(sync.resolve("done")), SYNC_TIMEOUT);
        }
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        // Returning ends the JVM: the HttpClient's threads are daemons.
    }

    /** Per update: how many clients it reached, and the delay percentiles over all of them. */
    private static void report(Map<Long, long[]> measured, int clients, int closed) {
        List<Long> p99s = new ArrayList<>();
        measured.forEach((publishedAt, values) -> {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            long p50 = sorted[(int) Math.ceil(sorted.length * 0.50) - 1];
            long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            p99s.add(p99);
            System.out.printf("update %d: reached %d of %d clients; after the poll p50 %d ms, p99 %d ms, max %d ms, "
                    + "spread %d ms%n", publishedAt, sorted.length, clients, p50, p99, sorted[sorted.length - 1],
                    sorted[sorted.length - 1] - sorted[0]);
        });
        long[] ordered = p99s.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT clients=%d updates=%d median-p99-ms=%d closed=%d%n", clients, ordered.length,
                ordered.length == 0 ? -1 : ordered[ordered.length / 2], closed);
    }

    /** The figures over every client process's {@code .delays} and {@code .closed} files in {@code sync}. */
    private static void merge(Path sync, int clients, int updates) throws IOException {
        Map<Long, List<Long>> all = new TreeMap<>();
        int closed = 0;
        int processes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sync, "*.delays")) {
            for (Path file : files) {
                processes++;
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.split(" ");
                    all.computeIfAbsent(Long.parseLong(parts[0]), k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
                }
                Path closedFile = Path.of(file.toString().replace(".delays", ".closed"));
                closed += Integer.parseInt(Files.readString(closedFile).trim());
            }
        }
        Map<Long, long[]> measured = new TreeMap<>();
        all.entrySet().stream().limit(updates).forEach(e ->
                measured.put(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).toArray()));
        System.out.printf("merged %d client processes%n", processes);
        report(measured, clients, closed);
    }

    private static long complete(Map<Long, ConcurrentLinkedQueue<Long>> delays, int clients, long from) {
        return delays.entrySet().stream().filter(e -> e.getKey() >= from && e.getValue().size() >= clients).count();
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
