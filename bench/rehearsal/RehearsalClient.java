import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load and measuring side of bin/rehearse-failover, on the JDK alone (java.net.http):
 *
 * <pre>
 * load OUT_DIR LB_WS_URL CLIENTS SIM_WS_URL [NAME=WS_URL ...]
 *     CLIENTS WebSockets through the load balancer (no reconnect: every close counts), one observer
 *     socket per NAME straight to a web instance (reconnecting; logs each push's newest mtime), and a
 *     subscriber to the simulator recording every RSVP id it sends. Runs until OUT_DIR/stop exists.
 * sessions-create URL COUNT OUT_FILE      GET URL COUNT times without a cookie, keep each connect.sid
 * sessions-locate COOKIE_FILE HOST:PORT,...   which memcached node holds sess:&lt;id&gt; of each cookie
 * rsvps-check SIM_IDS VIEW_URL USER PASSWORD FROM_MS TO_MS
 *     ids the simulator sent with FROM_MS &lt;= mtime &lt;= TO_MS that the bucket's view does not hold
 * </pre>
 */
public final class RehearsalClient {
    private static final Pattern MTIME = Pattern.compile("\"mtime\"\\s*:\\s*(\\d+)");
    private static final Pattern RSVP_ID = Pattern.compile("\"rsvp_id\"\\s*:\\s*(\\d+)");
    private static final Pattern STALE = Pattern.compile("\"staleSince\"\\s*:\\s*(null|\\d+)");
    private static final Pattern ROW_ID = Pattern.compile("\"id\"\\s*:\\s*\"rsvp::(\\d+)\"");

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "load" -> load(args);
            case "sessions-create" -> sessionsCreate(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            case "sessions-locate" -> sessionsLocate(Path.of(args[1]), args[2]);
            case "rsvps-check" -> rsvpsCheck(Path.of(args[1]), args[2], args[3], args[4], Long.parseLong(args[5]),
                    Long.parseLong(args[6]));
            default -> {
                System.err.println("usage: load|sessions-create|sessions-locate|rsvps-check (see the source)");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------- load

    static void load(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        URI lb = URI.create(args[2]);
        int clients = Integer.parseInt(args[3]);
        URI sim = URI.create(args[4]);
        Files.createDirectories(out);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        PrintWriter events = new PrintWriter(Files.newBufferedWriter(out.resolve("ws-events.log")), true);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failedOpens = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger messages = new AtomicInteger();

        // The simulator subscriber first, so that no RSVP is sent before we listen.
        PrintWriter simIds = new PrintWriter(Files.newBufferedWriter(out.resolve("sim-ids.txt")), true);
        http.newWebSocketBuilder().buildAsync(sim, new TextListener(text -> {
            Matcher id = RSVP_ID.matcher(text);
            Matcher mtime = MTIME.matcher(text);
            if (id.find() && mtime.find()) {
                synchronized (simIds) {
                    simIds.println(id.group(1) + " " + mtime.group(1));
                }
            }
        }, (code, why) -> log(events, "sim-closed -1 " + code + " " + why))).get(10, TimeUnit.SECONDS);

        // Observers: one reconnecting socket per web instance, straight to it.
        for (int i = 5; i < args.length; i++) {
            String[] nameUrl = args[i].split("=", 2);
            new Observer(http, nameUrl[0], URI.create(nameUrl[1]), out.resolve("observe-" + nameUrl[0] + ".log")).connect();
        }

        // The load: CLIENTS sockets through the load balancer, opened 20 at a time.
        List<CompletionStage<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            AtomicBoolean gone = new AtomicBoolean();
            pending.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(lb,
                    new TextListener(text -> messages.incrementAndGet(), (code, why) -> {
                        if (gone.compareAndSet(false, true)) {
                            open.decrementAndGet();
                            closed.incrementAndGet();
                            log(events, "closed " + index + " " + code + " " + why);
                        }
                    })).whenComplete((ws, error) -> {
                        if (error != null) {
                            failedOpens.incrementAndGet();
                            log(events, "open-failed " + index + " " + error);
                        } else {
                            open.incrementAndGet();
                        }
                    }));
            if (pending.size() >= 20) {
                for (CompletionStage<WebSocket> stage : pending) {
                    try {
                        stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // counted in whenComplete
                    }
                }
                pending.clear();
            }
        }
        for (CompletionStage<WebSocket> stage : pending) {
            try {
                stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // counted in whenComplete
            }
        }
        log(events, "all-opened -1 open=" + open.get() + " failed=" + failedOpens.get());
        Files.writeString(out.resolve("opened"), open.get() + " " + failedOpens.get() + "\n");
        Path stop = out.resolve("stop");
        while (!Files.exists(stop)) {
            Files.writeString(out.resolve("status"), "open=" + open.get() + " closed=" + closed.get() + " failedOpens="
                    + failedOpens.get() + " messages=" + messages.get() + "\n");
            Thread.sleep(500);
        }
        String summary = "open=" + open.get() + " closed=" + closed.get() + " failedOpens=" + failedOpens.get()
                + " messages=" + messages.get() + "\n";
        Files.writeString(out.resolve("summary"), summary);
        System.out.print(summary);
        events.close();
        simIds.close();
        System.exit(0);
    }

    static void log(PrintWriter writer, String line) {
        synchronized (writer) {
            writer.println(System.currentTimeMillis() + " " + line);
        }
    }

    interface Closed {
        void closed(int code, String why);
    }

    /** Collects whole text messages; reports the first close or error once. */
    static final class TextListener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onText;
        private final Closed onClosed;
        private final StringBuilder buffer = new StringBuilder();

        TextListener(java.util.function.Consumer<String> onText, Closed onClosed) {
            this.onText = onText;
            this.onClosed = onClosed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                onText.accept(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            onClosed.closed(code, reason.isEmpty() ? "-" : reason.replace(' ', '_'));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onClosed.closed(-1, String.valueOf(error).replace(' ', '_'));
        }
    }

    /** One socket straight to a web instance: logs "epochMs push maxMtime staleSince" per push; reconnects. */
    static final class Observer {
        private final HttpClient http;
        private final String name;
        private final URI uri;
        private final PrintWriter log;

        Observer(HttpClient http, String name, URI uri, Path file) throws IOException {
            this.http = http;
            this.name = name;
            this.uri = uri;
            this.log = new PrintWriter(Files.newBufferedWriter(file), true);
        }

        void connect() {
            AtomicBoolean gone = new AtomicBoolean();
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, new TextListener(text -> {
                long max = 0;
                Matcher m = MTIME.matcher(text);
                while (m.find()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
                Matcher stale = STALE.matcher(text);
                log(log, "push " + max + " " + (stale.find() ? stale.group(1) : "?"));
            }, (code, why) -> {
                if (gone.compareAndSet(false, true)) {
                    log(log, "closed " + code + " " + why);
                    retry();
                }
            })).whenComplete((ws, error) -> {
                if (error != null) {
                    log(log, "connect-failed " + String.valueOf(error).replace(' ', '_'));
                    retry();
                } else {
                    log(log, "connected");
                }
            });
        }

        private void retry() {
            java.util.concurrent.CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(this::connect);
        }
    }

    // ---------------------------------------------------------------- sessions

    static void sessionsCreate(String url, int count, Path out) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            for (String header : response.headers().allValues("set-cookie")) {
                if (header.startsWith("connect.sid=")) {
                    cookies.add(header.substring("connect.sid=".length()).split(";", 2)[0]);
                }
            }
        }
        Files.write(out, cookies);
        System.out.println(cookies.size());
    }

    static String sessionId(String cookie) {
        String value = URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        if (value.startsWith("s:")) {
            value = value.substring(2);
        }
        int dot = value.lastIndexOf('.');
        return dot < 0 ? value : value.substring(0, dot);
    }

    /** Prints "node=count ... missing=count" and, per line of the cookie file, the node index or 0. */
    static void sessionsLocate(Path cookieFile, String nodes) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String cookie : Files.readAllLines(cookieFile)) {
            if (!cookie.isBlank()) {
                ids.add(sessionId(cookie.trim()));
            }
        }
        String[] addresses = nodes.split(",");
        Map<String, Integer> where = new HashMap<>();
        for (int n = 0; n < addresses.length; n++) {
            String[] hostPort = addresses[n].split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
                socket.setSoTimeout(3000);
                OutputStream os = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                for (String id : ids) {
                    os.write(("get sess:" + id + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    os.flush();
                    String line;
                    while ((line = in.readLine()) != null && !line.equals("END")) {
                        if (line.startsWith("VALUE ")) {
                            where.putIfAbsent(id, n + 1);
                            int bytes = Integer.parseInt(line.split(" ")[3]);
                            char[] skip = new char[bytes + 2];
                            int read = 0;
                            while (read < skip.length) {
                                read += in.read(skip, read, skip.length - read);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("memcached " + addresses[n] + " unreachable: " + e);
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int n = 1; n <= addresses.length; n++) {
            counts.put("node" + n, 0);
        }
        counts.put("missing", 0);
        for (String id : ids) {
            Integer n = where.get(id);
            counts.merge(n == null ? "missing" : "node" + n, 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder();
        counts.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
        System.out.println(line.toString().trim());
        for (String id : ids) {
            System.out.println("session " + id + " " + where.getOrDefault(id, 0));
        }
    }

    // ---------------------------------------------------------------- RSVPs

    static void rsvpsCheck(Path simIds, String viewUrl, String user, String password, long from, long to)
            throws Exception {
        TreeSet<Long> sent = new TreeSet<>();
        for (String line : Files.readAllLines(simIds)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                long mtime = Long.parseLong(parts[1]);
                if (mtime >= from && mtime <= to) {
                    sent.add(Long.parseLong(parts[0]));
                }
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(viewUrl))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            System.out.println("view-status=" + response.statusCode() + " sent=" + sent.size() + " stored=? missing=?");
            return;
        }
        TreeSet<Long> stored = new TreeSet<>();
        Matcher m = ROW_ID.matcher(body);
        while (m.find()) {
            stored.add(Long.parseLong(m.group(1)));
        }
        List<Long> missing = new ArrayList<>();
        for (long id : sent) {
            if (!stored.contains(id)) {
                missing.add(id);
            }
        }
        System.out.println("sent=" + sent.size() + " stored-total=" + stored.size() + " missing=" + missing.size()
                + (missing.isEmpty() ? "" : " first-missing=" + missing.subList(0, Math.min(10, missing.size()))));
    }
}
