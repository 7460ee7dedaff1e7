package dev.rsvpstack.web.internal;

import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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
 * connection in-process (discovery's RELOAD policy) without touching a WebSocket; {@link #sourceChanged()}
 * then queries the new one at once instead of at the next round.
 *
 * <p>With no client connected, a round comes only every {@link #IDLE_INTERVAL} (enough to keep
 * {@code /readyz} honest) instead of every poll interval: an idle instance costs Couchbase one query
 * a minute. The first client to arrive wakes the poller at once ({@link #clientArrived()}); it has
 * the last snapshot already, and the fresh one follows as soon as the query answers.
 */
public final class SnapshotPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPoller.class);
    private static final long MINUTE_MS = 60_000;
    /** How often an instance with no client polls. */
    public static final Duration IDLE_INTERVAL = Duration.ofSeconds(60);

    private final Supplier<? extends LatestRsvpsSource> source;
    private final Supplier<WebSettings> settings;
    private final Broadcaster broadcaster;
    private final SnapshotEncoder encoder;
    private final Clock clock;
    private final WebMetrics metrics;
    private final IntSupplier clients;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rsvp-web-poller");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> next;       // guarded by this: the next round
    private long nextDelayMillis;          // guarded by this: the delay it was scheduled with
    private boolean closed;                // guarded by this
    private long chain;                    // guarded by this: a reschedule starts a new chain of rounds

    // written by the poller thread only; read by /readyz and metrics
    private volatile Snapshot last;
    private volatile String lastKey;
    private volatile boolean everSucceeded;
    private volatile Long failingSince;
    private volatile String lastError;

    public SnapshotPoller(Supplier<? extends LatestRsvpsSource> source, Supplier<WebSettings> settings,
                          Broadcaster broadcaster, SnapshotEncoder encoder, Clock clock, WebMetrics metrics,
                          IntSupplier clients) {
        this.clients = clients;
        this.source = source;
        this.settings = settings;
        this.broadcaster = broadcaster;
        this.encoder = encoder;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Starts polling now, or re-times to a changed interval: a round due later than the new delay
     * comes after the new delay instead.
     */
    public synchronized void schedule() {
        if (next == null) {
            reschedule(0);
            return;
        }
        long delay = delay();
        if (delay < nextDelayMillis && next.getDelay(TimeUnit.MILLISECONDS) > delay) {
            LOG.info("poll interval now {} ms", delay);
            reschedule(delay);
        }
    }

    /** A client connected: if the poller is idling, the next round comes now. */
    public synchronized void clientArrived() {
        if (next != null && nextDelayMillis > settings.get().pollInterval().toMillis()) {
            reschedule(0);
        }
    }

    /**
     * The source now reads from somewhere else (a new Couchbase connection): the next round comes now,
     * and its data is pushed if it differs, instead of up to one poll interval later.
     */
    public synchronized void sourceChanged() {
        if (next != null) {
            reschedule(0);
        }
    }

    private long delay() {
        long interval = settings.get().pollInterval().toMillis();
        return clients.getAsInt() > 0 ? interval : Math.max(interval, IDLE_INTERVAL.toMillis());
    }

    private synchronized void reschedule(long delayMillis) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextDelayMillis = delayMillis;
        long mine = ++chain;
        next = scheduler.schedule(() -> round(mine), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** One round, then the next of the same chain, unless a reschedule started another meanwhile. */
    private void round(long mine) {
        try {
            pollOnce();
        } finally {
            synchronized (this) {
                if (mine == chain) {
                    reschedule(delay());
                }
            }
        }
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
        synchronized (this) {
            closed = true;
        }
        scheduler.shutdownNow();
    }
}
