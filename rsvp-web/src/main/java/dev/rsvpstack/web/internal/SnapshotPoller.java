package dev.rsvpstack.web.internal;

import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller per instance, whatever the number of clients (the book started a timer per connection,
 * so N clients caused N queries and N broadcasts every 5 s). Each round reads the latest RSVPs and the
 * chart's counts and pushes only when they changed. When a query fails, clients keep the last data,
 * marked stale since the first failure, and {@code /readyz} says why.
 *
 * <p>The source is read through a supplier on every round, so a launcher can swap the Couchbase
 * connection in-process (discovery's RELOAD policy) without touching a WebSocket.
 */
public final class SnapshotPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPoller.class);
    private static final long MINUTE_MS = 60_000;

    private final Supplier<? extends LatestRsvpsSource> source;
    private final Supplier<WebSettings> settings;
    private final Broadcaster broadcaster;
    private final SnapshotEncoder encoder;
    private final Clock clock;
    private final WebMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rsvp-web-poller");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> task;        // guarded by this
    private long intervalMillis;           // guarded by this

    // written by the poller thread only; read by /readyz and metrics
    private volatile Snapshot last;
    private volatile String lastKey;
    private volatile boolean everSucceeded;
    private volatile Long failingSince;
    private volatile String lastError;

    public SnapshotPoller(Supplier<? extends LatestRsvpsSource> source, Supplier<WebSettings> settings,
                          Broadcaster broadcaster, SnapshotEncoder encoder, Clock clock, WebMetrics metrics) {
        this.source = source;
        this.settings = settings;
        this.broadcaster = broadcaster;
        this.encoder = encoder;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Starts polling now, or re-times to a changed interval (the next round comes one interval later). */
    public synchronized void schedule() {
        long interval = settings.get().pollInterval().toMillis();
        if (task != null && interval == intervalMillis) {
            return;
        }
        long firstDelay = task == null ? 0 : interval;
        if (task != null) {
            task.cancel(false);
            LOG.info("poll interval now {} ms", interval);
        }
        intervalMillis = interval;
        task = scheduler.scheduleWithFixedDelay(this::pollOnce, firstDelay, interval, TimeUnit.MILLISECONDS);
    }

    void pollOnce() {
        WebSettings now = settings.get();
        long at = clock.millis();
        long endMinute = Math.floorDiv(at, MINUTE_MS);
        Timer.Sample sample = Timer.start();
        Snapshot next;
        try {
            LatestRsvpsSource from = Objects.requireNonNull(source.get(), "the RSVP source supplier gave null");
            List<RsvpRow> rows = from.latest(now.latestLimit());
            List<MinuteCount> counts = from.countsPerMinute(endMinute - now.chartMinutes() + 1, endMinute);
            next = new Snapshot(rows, counts, endMinute, now.chartMinutes(), null);
            everSucceeded = true;
            if (failingSince != null) {
                LOG.info("Couchbase queries work again after failing since {}", Instant.ofEpochMilli(failingSince));
                failingSince = null;
                lastError = null;
            }
        } catch (RuntimeException e) {
            metrics.pollsFailed.increment();
            lastError = e.toString();
            if (failingSince == null) {
                failingSince = at;
                // Logged once per outage, not every round; /readyz and the metrics show it meanwhile.
                LOG.warn("Couchbase query failed; clients keep the last snapshot, marked stale: {}", e.toString());
            }
            Snapshot previous = last;
            next = previous != null ? previous.staleSince(failingSince)
                    : new Snapshot(List.of(), List.of(), endMinute, now.chartMinutes(), failingSince);
        } finally {
            sample.stop(metrics.pollDuration);
        }
        publishIfChanged(next, at);
    }

    private void publishIfChanged(Snapshot next, long at) {
        try {
            String key = encoder.contentKey(next);
            if (key.equals(lastKey)) {
                if (next.staleSince() == null) {
                    metrics.pollsUnchanged.increment();
                }
                return;
            }
            if (next.staleSince() == null) {
                metrics.pollsChanged.increment();
            }
            last = next;
            lastKey = key;
            broadcaster.publish(encoder.message(next, at));
        } catch (RuntimeException e) {
            LOG.error("could not publish a snapshot", e);
        }
    }

    /** Whether the data clients have is stale (the last query failed). */
    public boolean stale() {
        return failingSince != null;
    }

    /** Why Couchbase is not ready, or empty when the last poll worked. */
    public Optional<String> notReadyBecause() {
        Long since = failingSince;
        if (since != null) {
            return Optional.of("queries failing since " + Instant.ofEpochMilli(since) + ": " + lastError);
        }
        if (!everSucceeded) {
            return Optional.of("no successful query yet");
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
