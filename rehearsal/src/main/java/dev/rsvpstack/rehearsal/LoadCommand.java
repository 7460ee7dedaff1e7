package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code load OUT_DIR LB_WS_URL CLIENTS SIM_WS_URL [--reconnect] [NAME=WS_URL ...]}: CLIENTS WebSockets
 * through the load balancer (without --reconnect none reconnects, so every close counts; with it each
 * one reconnects like the page), one {@link WebObserver} per NAME straight to a web instance, and the
 * {@link SimObserver} recording every RSVP the simulator sends. Runs until OUT_DIR/stop exists; writes
 * OUT_DIR/opened ("OPEN FAILED") once all have tried to open, OUT_DIR/status every 0.5 s and
 * OUT_DIR/summary at the end.
 */
final class LoadCommand {
    /** A client open as far as it knows yet silent this long lost its server without a close (the web pushes every 5 s). */
    static final long SILENT_MS = 15_000;
    private static final int OPEN_BATCH = 20;

    private LoadCommand() {
    }

    static void run(String[] args) throws IOException, InterruptedException, ExecutionException, TimeoutException {
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
        LoadCounters counters = new LoadCounters();
        try (EventLog events = new EventLog(out.resolve("ws-events.log"))) {
            // The simulator's observer first, so that no RSVP is sent before we listen.
            SimObserver simObserver = new SimObserver(http, sim, out.resolve("sim-ids.txt"), events);
            simObserver.connect().get(10, TimeUnit.SECONDS);
            for (int i = firstObserver; i < args.length; i++) {
                String[] nameUrl = args[i].split("=", 2);
                new WebObserver(http, URI.create(nameUrl[1]), out.resolve("observe-" + nameUrl[0] + ".log")).connect();
            }
            List<LbClient> all = openAll(http, lb, clients, reconnect, events, counters);
            events.log("all-opened -1 open=" + counters.open.get() + " failed=" + counters.failedOpens.get());
            Files.writeString(out.resolve("opened"), counters.open.get() + " " + counters.failedOpens.get() + "\n");
            Path stop = out.resolve("stop");
            while (!Files.exists(stop)) {
                Files.writeString(out.resolve("status"), counters.describe(null) + "\n");
                Thread.sleep(500);
            }
            long now = System.currentTimeMillis();
            long silent = all.stream().filter(c -> c.isOpen() && now - c.lastMessage() > SILENT_MS).count();
            String summary = counters.describe(silent) + "\n";
            Files.writeString(out.resolve("summary"), summary);
            System.out.print(summary);
            simObserver.close();
        }
    }

    /** Opens the clients OPEN_BATCH at a time, each batch awaited (15 s at most per client). */
    private static List<LbClient> openAll(HttpClient http, URI lb, int clients, boolean reconnect, EventLog events,
            LoadCounters counters) {
        List<CompletionStage<WebSocket>> pending = new ArrayList<>();
        List<LbClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            LbClient client = new LbClient(http, lb, i, reconnect, events, counters);
            all.add(client);
            pending.add(client.connect().whenComplete((ws, error) -> {
                if (error != null) {
                    counters.failedOpens.incrementAndGet();
                }
            }));
            if (pending.size() >= OPEN_BATCH) {
                awaitAll(pending);
            }
        }
        awaitAll(pending);
        return all;
    }

    private static void awaitAll(List<CompletionStage<WebSocket>> pending) {
        for (CompletionStage<WebSocket> stage : pending) {
            try {
                stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // counted in whenComplete (or still pending: counted when it ends)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pending.clear();
    }
}
