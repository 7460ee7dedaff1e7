package dev.rsvpstack.session.bench;

import dev.rsvpstack.session.DemoServer;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memcached node killed under load, then withdrawn: how many sessions are lost. Run by
 * bench/session-lib/run, once with the heir backup and once without:
 * {@code HeirFailoverBench <host:port,...> <index of the node to kill> <its pid> [heir-off]}.
 *
 * <p>Starts {@link DemoServer} with session-lib on the nodes, creates {@value #SESSIONS} sessions
 * ({@code /visit}, views = 1), keeps those it then finds (a write can time out on a busy machine), reads
 * random ones with {@value #READERS} concurrent clients. Under
 * that load it kills the node with SIGKILL, keeps reading for {@value #WITHDRAW_AFTER_MS} ms (the
 * seconds before a sidekick's lease expires), withdraws the node ({@code replaceNodes}), keeps reading
 * for as long again, then reads every session once: a session found before the kill and not after is lost.
 * Prints {@code name: value} lines.
 */
public final class HeirFailoverBench {
    private static final int SESSIONS = 3000;
    private static final int READERS = 16;
    private static final long WITHDRAW_AFTER_MS = 5000;

    private HeirFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].equals("heir-off"))) {
            System.err.println("usage: HeirFailoverBench <memcached host:port,...> <node index> <node pid> [heir-off]");
            return;
        }
        List<InetSocketAddress> nodes = Arrays.stream(args[0].split(",")).map(node -> {
            String[] hostPort = node.trim().split(":");
            return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        }).toList();
        int victim = Integer.parseInt(args[1]);
        long pid = Long.parseLong(args[2]);
        boolean heir = args.length == 3;
        MemcachedSettings settings = MemcachedSettings.builder().nodes(nodes).heirBackup(heir).build();
        try (MemcachedSessionStore store = SessionStores.memcached(settings)) {
            Sessions sessions = Sessions.builder(store, SessionSettings.builder("bench secret")
                    .maxAge(Duration.ofHours(1)).build()).build();
            try (DemoServer server = new DemoServer(sessions, 0)) {
                run(server, store, sessions, nodes, victim, pid, heir);
            }
        }
    }

    private static void run(DemoServer server, MemcachedSessionStore store, Sessions sessions,
            List<InetSocketAddress> nodes, int victim, long pid, boolean heir) throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(clientThreads).build();
        Map<String, String> cookies = new ConcurrentHashMap<>(); // id -> cookie
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        for (int i = 0; i < SESSIONS; i++) {
            pool.execute(() -> {
                HttpResponse<String> reply = get(http, server.uri("/visit"), null);
                String cookie = reply.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
                cookies.put(reply.body().split(" ")[0], cookie);
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        Thread.sleep(500); // the last copies to heirs go out after the responses: let them land (a bench, not a test)
        // the sessions that exist before the kill: on a busy machine a write can time out, and such a session
        // was never there to lose
        List<Map.Entry<String, String>> all = cookies.entrySet().stream()
                .filter(session -> found(http, server, session)).toList();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(READERS);
        for (int r = 0; r < READERS; r++) {
            load.execute(() -> {
                while (running.get()) {
                    Map.Entry<String, String> session = all.get(ThreadLocalRandom.current().nextInt(all.size()));
                    if (!found(http, server, session)) {
                        misses.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            });
        }
        Thread.sleep(1000);
        long readsBefore = reads.get();
        long missesBefore = misses.get();
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid)).destroyForcibly();
        Thread.sleep(WITHDRAW_AFTER_MS);
        long missesUntilWithdrawal = misses.get() - missesBefore;
        long readsUntilWithdrawal = reads.get() - readsBefore;
        List<InetSocketAddress> rest = new ArrayList<>(nodes);
        rest.remove(victim);
        store.replaceNodes(rest);
        Thread.sleep(WITHDRAW_AFTER_MS);
        running.set(false);
        load.shutdown();
        load.awaitTermination(1, TimeUnit.MINUTES);

        long lost = all.stream().filter(session -> !found(http, server, session)).count();
        System.out.println("sessions: " + cookies.size());
        System.out.println("sessions found before the kill: " + all.size());
        System.out.println("heir backup: " + (heir ? "on" : "off"));
        System.out.println("reads missing their session before the kill: " + missesBefore);
        System.out.println("reads between kill and withdrawal: " + readsUntilWithdrawal);
        System.out.println("reads missing their session between kill and withdrawal: " + missesUntilWithdrawal);
        System.out.println("sessions lost after withdrawal: " + lost);
        System.out.println("heir operations that failed: " + sessions.stats().heirFailures());
        System.out.println("stats " + sessions.stats());
        clientThreads.shutdown();
    }

    private static boolean found(HttpClient http, DemoServer server, Map.Entry<String, String> session) {
        String body = get(http, server.uri("/read"), session.getValue()).body();
        return body.equals(session.getKey() + " 1");
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + uri + ": " + e, e);
        }
    }
}
