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
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
 * load OUT_DIR LB_WS_URL CLIENTS SIM_WS_URL [--reconnect] [NAME=WS_URL ...]
 *     CLIENTS WebSockets through the load balancer (without --reconnect none reconnects, so every
 *     close counts; with it each one reconnects like the page: 1 s doubling to 5 s, ±50 %), one
 *     observer socket per NAME straight to a web instance (reconnecting; logs each push's newest
 *     mtime), and a subscriber to the simulator recording every RSVP id it sends. Runs until
 *     OUT_DIR/stop exists.
 * reconnect-stats EVENTS_LOG T0_MS
 *     of the load clients whose connection closed at or after T0_MS: how many, how many opened again,
 *     and when (max and p99, counted from T0_MS and from each one's own close)
 * summary OUT_TSV OUT_REPORT FIGURES_TSV...
 *     the median of every figure over the runs' FIGURES_TSV files (lines "figure TAB value TAB
 *     target TAB gate|report", target "—", "=V" or "&lt;=V"), met only if every run meets the
 *     target; writes OUT_TSV (figure, median, target, met, runs), appends the side-by-side tables to
 *     OUT_REPORT, prints "MISSED figure TAB median TAB target TAB runs" per missed gate target and
 *     exits 1 if there is one
 * sessions-create URL COUNT OUT_FILE      GET URL COUNT times without a cookie, keep each connect.sid
 * sessions-locate COOKIE_FILE HOST:PORT,...   which memcached node holds sess:&lt;id&gt; of each cookie
 * rsvps-check SIM_IDS VIEW_URL USER PASSWORD FROM_MS TO_MS [RETRY_SECONDS]
 *     ids the simulator sent with FROM_MS &lt;= mtime &lt;= TO_MS that the bucket's view does not hold,
 *     asking again every 2 s for up to RETRY_SECONDS while some are missing (a spool still draining)
 * </pre>
 */
public final class RehearsalClient {
    private static final Pattern MTIME = Pattern.compile("\"mtime\"\\s*:\\s*(\\d+)");
    private static final Pattern RSVP_ID = Pattern.compile("\"rsvp_id\"\\s*:\\s*(\\d+)");
    private static final Pattern STALE = Pattern.compile("\"staleSince\"\\s*:\\s*(null|\\d+)");
    private static final long SILENT_MS = 15_000;
    private static final Pattern ROW_ID = Pattern.compile("\"id\"\\s*:\\s*\"rsvp::(\\d+)\"");

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "load" -> load(args);
            case "sessions-create" -> sessionsCreate(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            case "sessions-locate" -> sessionsLocate(Path.of(args[1]), args[2]);
            case "rsvps-check" -> rsvpsCheck(Path.of(args[1]), args[2], args[3], args[4], Long.parseLong(args[5]),
                    Long.parseLong(args[6]), args.length > 7 ? Integer.parseInt(args[7]) : 0);
            case "reconnect-stats" -> reconnectStats(Path.of(args[1]), Long.parseLong(args[2]));
            // Prints a "MISSED" line per missed target; the script reads them (an exception exits 1).
            case "summary" -> summary(Path.of(args[1]), Path.of(args[2]),
                    Arrays.stream(args, 3, args.length).map(Path::of).toList());
            default -> throw new IllegalArgumentException(
                    "usage: load|sessions-create|sessions-locate|rsvps-check|reconnect-stats|summary (see the source)");
        }
    }

    // ---------------------------------------------------------------- load

    static void load(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        URI lb = URI.create(args[2]);
        int clients = Integer.parseInt(args[3]);
        URI sim = URI.create(args[4]);
        boolean reconnect = args.length > 5 && args[5].equals("--reconnect");
        int firstObserver = reconnect ? 6 : 5;
        Files.createDirectories(out);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, runnable -> {
                    Thread thread = new Thread(runnable, "load-client");
                    thread.setDaemon(true); // main returning ends the client
                    return thread;
                })).build();
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
        for (int i = firstObserver; i < args.length; i++) {
            String[] nameUrl = args[i].split("=", 2);
            new Observer(http, nameUrl[0], URI.create(nameUrl[1]), out.resolve("observe-" + nameUrl[0] + ".log")).connect();
        }

        // The load: CLIENTS sockets through the load balancer, opened 20 at a time.
        List<CompletionStage<WebSocket>> pending = new ArrayList<>();
        List<LbClient> all = new ArrayList<>();
        AtomicInteger reopened = new AtomicInteger();
        for (int i = 0; i < clients; i++) {
            LbClient client = new LbClient(http, lb, i, reconnect, events, open, closed, reopened, messages);
            all.add(client);
            pending.add(client.connect().whenComplete((ws, error) -> {
                if (error != null) {
                    failedOpens.incrementAndGet();
                }
            }));
            if (pending.size() >= 20) {
                awaitAll(pending);
            }
        }
        awaitAll(pending);
        log(events, "all-opened -1 open=" + open.get() + " failed=" + failedOpens.get());
        Files.writeString(out.resolve("opened"), open.get() + " " + failedOpens.get() + "\n");
        Path stop = out.resolve("stop");
        while (!Files.exists(stop)) {
            Files.writeString(out.resolve("status"), "open=" + open.get() + " closed=" + closed.get() + " failedOpens="
                    + failedOpens.get() + " reopened=" + reopened.get() + " messages=" + messages.get() + "\n");
            Thread.sleep(500);
        }
        // silent: open as far as this side knows, yet nothing received for SILENT_MS (the web pushes every
        // poll interval, 5 s): a connection whose end went away without a close reaching the client
        long now = System.currentTimeMillis();
        long silent = all.stream().filter(c -> c.isOpen() && now - c.lastMessage() > SILENT_MS).count();
        String summary = "open=" + open.get() + " closed=" + closed.get() + " silent=" + silent + " failedOpens="
                + failedOpens.get() + " reopened=" + reopened.get() + " messages=" + messages.get() + "\n";
        Files.writeString(out.resolve("summary"), summary);
        System.out.print(summary);
        events.close();
        simIds.close();
    }

    static void awaitAll(List<CompletionStage<WebSocket>> pending) {
        for (CompletionStage<WebSocket> stage : pending) {
            try {
                stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // counted in whenComplete
            }
        }
        pending.clear();
    }

    /**
     * One socket through the load balancer; logs "closed INDEX CODE WHY" once per connection and
     * "open-failed INDEX ERROR". With reconnect it opens a new connection after the page's backoff
     * (app.js: 1 s doubling to 5 s at most, ±50 %, never under 1 s; an open resets it) and logs
     * "reopened INDEX ATTEMPTS" when one opens after a close.
     */
    static final class LbClient {
        private final HttpClient http;
        private final URI uri;
        private final int index;
        private final boolean reconnect;
        private final PrintWriter events;
        private final AtomicInteger open;
        private final AtomicInteger closed;
        private final AtomicInteger reopened;
        private final AtomicInteger messages;
        private int attempts;
        private boolean everClosed;
        private volatile boolean isOpen;
        private volatile long lastMessage;

        LbClient(HttpClient http, URI uri, int index, boolean reconnect, PrintWriter events, AtomicInteger open,
                AtomicInteger closed, AtomicInteger reopened, AtomicInteger messages) {
            this.http = http;
            this.uri = uri;
            this.index = index;
            this.reconnect = reconnect;
            this.events = events;
            this.open = open;
            this.closed = closed;
            this.reopened = reopened;
            this.messages = messages;
        }

        CompletionStage<WebSocket> connect() {
            AtomicBoolean gone = new AtomicBoolean();
            return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri,
                    new TextListener(text -> {
                        messages.incrementAndGet();
                        lastMessage = System.currentTimeMillis();
                    }, (code, why) -> {
                        if (gone.compareAndSet(false, true)) {
                            isOpen = false;
                            open.decrementAndGet();
                            closed.incrementAndGet();
                            log(events, "closed " + index + " " + code + " " + why);
                            synchronized (this) {
                                everClosed = true;
                            }
                            retry();
                        }
                    })).whenComplete((ws, error) -> {
                        if (error != null) {
                            log(events, "open-failed " + index + " " + String.valueOf(error).replace(' ', '_'));
                            retry();
                            return;
                        }
                        lastMessage = System.currentTimeMillis();
                        isOpen = !gone.get();
                        open.incrementAndGet();
                        int tries;
                        boolean again;
                        synchronized (this) {
                            tries = attempts;
                            again = everClosed;
                            attempts = 0;
                        }
                        if (again) {
                            reopened.incrementAndGet();
                            log(events, "reopened " + index + " " + tries);
                        }
                    });
        }

        boolean isOpen() {
            return isOpen;
        }

        long lastMessage() {
            return lastMessage;
        }

        private void retry() {
            if (!reconnect) {
                return;
            }
            long delay;
            synchronized (this) {
                double base = Math.min(5000, 1000 * Math.pow(2, attempts));
                attempts++;
                double deviation = Math.random() * 0.5 * base;
                delay = (long) Math.max(1000, Math.min(5000, Math.random() < 0.5 ? base - deviation : base + deviation));
            }
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::connect);
        }
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
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(this::connect);
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

    static void rsvpsCheck(Path simIds, String viewUrl, String user, String password, long from, long to,
            int retrySeconds) throws Exception {
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
        long started = System.currentTimeMillis();
        long deadline = started + retrySeconds * 1000L;
        int queries = 0;
        while (true) {
            queries++;
            String result;
            boolean done;
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(viewUrl))
                        .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                if (response.statusCode() != 200 || !body.contains("\"rows\"")) {
                    // an error, or an answer without rows (seen under heavy load): not an empty bucket
                    result = "view-status=" + response.statusCode() + " view-answer="
                            + body.substring(0, Math.min(120, body.length())).replaceAll("\\s+", "_")
                            + " sent=" + sent.size() + " stored-total=? missing=?";
                    done = false;
                } else {
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
                    result = "sent=" + sent.size() + " stored-total=" + stored.size() + " missing=" + missing.size()
                            + (missing.isEmpty() ? "" : " first-missing=" + missing.subList(0, Math.min(10, missing.size())))
                            + (stored.isEmpty() ? " view-answer=" + body.substring(0, Math.min(120, body.length()))
                                    .replaceAll("\\s+", "_") : "");
                    done = missing.isEmpty();
                }
            } catch (IOException e) {
                result = "view-error=" + String.valueOf(e).replace(' ', '_') + " sent=" + sent.size()
                        + " stored-total=? missing=?";
                done = false;
            }
            if (done || System.currentTimeMillis() + 2000 > deadline) {
                System.out.println(result + " queries=" + queries + " waited-s="
                        + (System.currentTimeMillis() - started) / 1000);
                return;
            }
            Thread.sleep(2000);
        }
    }

    // ---------------------------------------------------------------- reconnects

    static void reconnectStats(Path eventsLog, long t0) throws IOException {
        Map<Integer, Long> closedAt = new HashMap<>();
        Map<Integer, Long> backAt = new HashMap<>();
        for (String line : Files.readAllLines(eventsLog)) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            long t = Long.parseLong(f[0]);
            int index = Integer.parseInt(f[2]);
            if (t < t0 || index < 0) {
                continue;
            }
            if (f[1].equals("closed")) {
                closedAt.putIfAbsent(index, t);
            } else if (f[1].equals("reopened") && closedAt.containsKey(index)) {
                backAt.putIfAbsent(index, t);
            }
        }
        List<Long> fromT0 = new ArrayList<>();
        List<Long> down = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : closedAt.entrySet()) {
            Long back = backAt.get(e.getKey());
            fromT0.add(back == null ? Long.MAX_VALUE : back - t0);
            down.add(back == null ? Long.MAX_VALUE : back - e.getValue());
        }
        fromT0.sort(null);
        down.sort(null);
        System.out.println("closed=" + closedAt.size() + " back=" + backAt.size() + " not_back="
                + (closedAt.size() - backAt.size()) + " back_max_ms=" + rank(fromT0, 1.0) + " back_p99_ms="
                + rank(fromT0, 0.99) + " down_max_ms=" + rank(down, 1.0) + " down_p99_ms=" + rank(down, 0.99));
    }

    /** Nearest-rank percentile of a sorted list; "never" for a client that never came back, "-" for none. */
    static String rank(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        long v = sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
        return v == Long.MAX_VALUE ? "never" : Long.toString(v);
    }

    // ---------------------------------------------------------------- summary

    static final class Figure {
        final String name;
        final String target;
        boolean gate;
        final List<String> values = new ArrayList<>();

        Figure(String name, String target) {
            this.name = name;
            this.target = target;
        }
    }

    static void summary(Path outTsv, Path outReport, List<Path> files) throws IOException {
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    continue;
                }
                Figure figure = figures.computeIfAbsent(f[0], name -> new Figure(name, f[2]));
                figure.values.add(f[1]);
                figure.gate |= f[3].equals("gate");
            }
        }
        StringBuilder tsv = new StringBuilder("figure\tmedian\ttarget\tmet\truns\n");
        List<String> missed = new ArrayList<>();
        for (Figure figure : figures.values()) {
            String met = met(figure);
            tsv.append(figure.name).append('\t').append(median(figure.values)).append('\t')
                    .append(targetText(figure.target)).append('\t').append(met).append('\t')
                    .append(String.join(" / ", figure.values)).append('\n');
            if (figure.gate && met.equals("no")) {
                missed.add("MISSED\t" + figure.name + "\t" + median(figure.values) + "\t" + targetText(figure.target)
                        + "\t" + String.join(" / ", figure.values));
            }
        }
        Files.writeString(outTsv, tsv.toString(), StandardCharsets.UTF_8);
        Files.writeString(outReport, report(figures), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        missed.forEach(System.out::println);
    }

    /** Tables per scenario ("failover reload: label" → scenario failover, column reload), figures as rows. */
    static String report(Map<String, Figure> figures) {
        Map<String, Map<String, Map<String, Figure>>> scenarios = new LinkedHashMap<>();
        for (Figure figure : figures.values()) {
            int colon = figure.name.indexOf(": ");
            String run = colon < 0 ? "" : figure.name.substring(0, colon);
            String label = colon < 0 ? figure.name : figure.name.substring(colon + 2);
            int space = run.indexOf(' ');
            String scenario = space < 0 ? run : run.substring(0, space);
            String column = space < 0 ? "" : run.substring(space + 1);
            scenarios.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                    .computeIfAbsent(label, k -> new LinkedHashMap<>()).put(column, figure);
        }
        StringBuilder out = new StringBuilder();
        scenarios.forEach((scenario, rows) -> {
            List<String> columns = new ArrayList<>();
            rows.values().forEach(cells -> cells.keySet().forEach(c -> {
                if (!columns.contains(c)) {
                    columns.add(c);
                }
            }));
            List<String[]> table = new ArrayList<>();
            String[] header = new String[columns.size() + 2];
            header[0] = scenario;
            for (int i = 0; i < columns.size(); i++) {
                header[i + 1] = columns.get(i).isEmpty() ? "median (runs)" : columns.get(i);
            }
            header[header.length - 1] = "target";
            table.add(header);
            rows.forEach((label, cells) -> {
                String[] row = new String[columns.size() + 2];
                row[0] = label;
                String target = "—";
                for (int i = 0; i < columns.size(); i++) {
                    Figure figure = cells.get(columns.get(i));
                    if (figure == null) {
                        row[i + 1] = "";
                        continue;
                    }
                    String cell = median(figure.values);
                    String met = met(figure);
                    if (!met.equals("—")) {
                        cell += met.equals("yes") ? " ok" : " MISSED" + (figure.gate ? "" : " (report only)");
                        if (target.equals("—")) {
                            target = targetText(figure.target);
                        }
                    }
                    if (figure.values.size() > 1) {
                        cell += " (" + String.join(" / ", figure.values) + ")";
                    }
                    row[i + 1] = cell;
                }
                row[row.length - 1] = target;
                table.add(row);
            });
            int[] width = new int[header.length];
            for (String[] row : table) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            out.append('\n');
            for (String[] row : table) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", row[i]));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        });
        return out.toString();
    }

    static boolean numeric(String value) {
        return value.matches("-?\\d+(\\.\\d+)?");
    }

    static int decimals(String value) {
        int dot = value.indexOf('.');
        return dot < 0 ? 0 : value.length() - dot - 1;
    }

    /** Numbers in order, then words ("never", "no", "yes"): the middle one, or the mean of the two middle numbers. */
    static String median(List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort((a, b) -> {
            boolean na = numeric(a);
            boolean nb = numeric(b);
            if (na && nb) {
                return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            }
            return na ? -1 : nb ? 1 : a.compareTo(b);
        });
        int n = sorted.size();
        if (n == 0) {
            return "?";
        }
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        String a = sorted.get(n / 2 - 1);
        String b = sorted.get(n / 2);
        if (!numeric(a) || !numeric(b)) {
            return b;
        }
        double mean = (Double.parseDouble(a) + Double.parseDouble(b)) / 2;
        int places = Math.max(decimals(a), decimals(b));
        if (places == 0 && mean != Math.floor(mean)) {
            places = 1;
        }
        return String.format(Locale.ROOT, "%." + places + "f", mean);
    }

    /** "—" without a target; "yes" only if every run met it. */
    static String met(Figure figure) {
        if (figure.target.equals("—") || figure.target.isEmpty()) {
            return "—";
        }
        for (String value : figure.values) {
            if (!meets(value, figure.target)) {
                return "no";
            }
        }
        return "yes";
    }

    static boolean meets(String value, String target) {
        if (target.startsWith("<=")) {
            return numeric(value) && Double.parseDouble(value) <= Double.parseDouble(target.substring(2));
        }
        String wanted = target.startsWith("=") ? target.substring(1) : target;
        if (numeric(value) && numeric(wanted)) {
            return Double.parseDouble(value) == Double.parseDouble(wanted);
        }
        return value.equals(wanted);
    }

    static String targetText(String target) {
        if (target.startsWith("<=")) {
            return "≤ " + target.substring(2);
        }
        return target.startsWith("=") ? target.substring(1) : target;
    }
}
