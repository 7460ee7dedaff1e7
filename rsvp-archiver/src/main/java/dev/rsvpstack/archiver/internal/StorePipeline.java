package dev.rsvpstack.archiver.internal;

import dev.rsvpstack.archiver.InvalidRsvpException;
import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets every accepted RSVP into the store, losing none:
 * <ul>
 *   <li>at most {@code maxInFlight} upserts at once; {@link #accept} blocks beyond that, which stops
 *       the socket reader (backpressure) instead of buffering without bound;</li>
 *   <li>a transient failure is retried with backoff; when retries run out the store is presumed
 *       down: that RSVP and every later one go to the {@link Spool} until a drain succeeds;</li>
 *   <li>the spool is drained in order, once a second, as soon as the store takes writes again;
 *       while it is at its cap, {@link #accept} blocks (and says so once);</li>
 *   <li>a failure no retry can cure (a document the store refuses) is dead-lettered.</li>
 * </ul>
 * The store can be replaced at runtime (Couchbase MOVED); in-flight retries go to the new one.
 */
public final class StorePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorePipeline.class);
    private static final int DRAIN_BATCH = 256;

    private final AtomicReference<RsvpStore> store;
    private final RsvpParser parser;
    private final Spool spool;
    private final DeadLetters deadLetters;
    private final Watermark watermark;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final int maxRetries;
    private final Duration retryDelay;
    private final Duration storeTimeout;
    private final ScheduledExecutorService scheduler = DaemonScheduler.named("archiver-store");
    private final ScheduledExecutorService sweeper = DaemonScheduler.named("archiver-store-timeouts");
    private final StoreAttempts attempts;
    private final Counter stored;
    private final Counter retried;
    private final Counter spooled;
    private final DistributionSummary lag;
    private final Object modeLock = new Object();
    private volatile boolean spooling;
    private volatile boolean blockedOnFullSpool;
    /** Set by close: attempts that fail later are not spooled (the spool is closing) but replayed. */
    private volatile boolean closed;
    private final Duration closeWait;
    private final Gauge spoolGauge;

    public StorePipeline(RsvpStore store, RsvpParser parser, Spool spool, DeadLetters deadLetters, Watermark watermark,
                         int maxInFlight, int maxRetries, Duration retryDelay, Duration storeTimeout,
                         Duration closeWait, MeterRegistry registry) {
        this.storeTimeout = storeTimeout;
        this.closeWait = closeWait;
        this.attempts = new StoreAttempts(storeTimeout);
        this.store = new AtomicReference<>(store);
        this.parser = parser;
        this.spool = spool;
        this.deadLetters = deadLetters;
        this.watermark = watermark;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.maxRetries = maxRetries;
        this.retryDelay = retryDelay;
        this.stored = Counter.builder("archiver.rsvps.stored").description("RSVPs the store confirmed").register(registry);
        this.retried = Counter.builder("archiver.rsvps.retried").description("store attempts retried").register(registry);
        this.spooled = Counter.builder("archiver.rsvps.spooled").description("RSVPs written to the local spool")
                .register(registry);
        // A summary in seconds, not a Timer: the lag is computed from the RSVP's mtime, not timed by a
        // stopwatch, so a Timer's pause detection (a thread and work on every record) buys nothing here.
        this.lag = DistributionSummary.builder("archiver.lag").baseUnit("seconds")
                .description("from the RSVP's mtime to its confirmed store")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.spoolGauge = Gauge.builder("archiver.spool.records", spool, Spool::records)
                .description("RSVPs waiting in the spool").register(registry);
        // Whatever an earlier run left in the spool is drained first.
        this.spooling = !spool.isEmpty();
        if (spooling) {
            LOG.info("spool {} holds {} RSVPs from an earlier run; draining them first", spool.file(), spool.records());
        }
        scheduler.scheduleWithFixedDelay(this::drainIfSpooling, 1, 1, TimeUnit.SECONDS);
        // Swept from its own thread: the drain blocks on attempts that only the sweep may end.
        long sweepMillis = Math.max(10, Math.min(1_000, storeTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expireStuckAttempts, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stores from now on into {@code next}. Attempts still waiting on the old store are failed at
     * once and retried on {@code next}: the old client may never answer them.
     */
    public void useStore(RsvpStore next) {
        store.set(next);
        int abandoned = attempts.abandon(next);
        if (abandoned > 0) {
            LOG.info("store replaced: retrying {} RSVPs that were waiting on the old one", abandoned);
        }
    }

    /**
     * Takes an RSVP. Blocks while {@code maxInFlight} are outstanding or the spool is at its cap.
     */
    public void accept(RsvpMessage rsvp) throws InterruptedException {
        long ticket = watermark.register(rsvp.mtime());
        if (spooling && spoolWhileSpooling(rsvp, ticket)) {
            return;
        }
        inFlight.acquire();
        send(rsvp, ticket, 0);
    }

    private void send(RsvpMessage rsvp, long ticket, int attempt) {
        attempt(rsvp).whenComplete((ignored, error) -> {
            if (error == null) {
                stored.increment();
                recordLag(rsvp);
                finish(ticket);
            } else if (StoreFailures.permanent(error)) {
                deadLetters.record("refused by the store", StoreFailures.unwrap(error).toString(), rsvp.json());
                finish(ticket);
            } else if (attempt < maxRetries) {
                retried.increment();
                scheduler.schedule(() -> send(rsvp, ticket, attempt + 1),
                        retryDelay.toMillis() << attempt, TimeUnit.MILLISECONDS);
            } else {
                spoolFailed(rsvp, StoreFailures.unwrap(error));
                finish(ticket);
            }
        });
    }

    /** One store attempt into the current store; it always ends (see {@link StoreAttempts}). */
    private CompletableFuture<Void> attempt(RsvpMessage rsvp) {
        return attempts.start(store.get(), rsvp);
    }

    private void expireStuckAttempts() {
        int expired = attempts.expire();
        if (expired > 0) {
            LOG.warn("{} store attempts got no answer within {} ms; retrying them", expired, storeTimeout.toMillis());
        }
    }

    private void recordLag(RsvpMessage rsvp) {
        lag.record(Math.max(0, System.currentTimeMillis() - rsvp.mtime()) / 1000.0);
    }

    private void finish(long ticket) {
        watermark.complete(ticket);
        inFlight.release();
    }

    /**
     * An RSVP whose retries ran out: the store is presumed down. Switching to spooling and appending
     * happen under {@code modeLock}, like the drain's switch back, so the drain cannot declare the
     * spool empty between the two and leave this record behind.
     */
    private void spoolFailed(RsvpMessage rsvp, Throwable cause) {
        if (closed) {
            // Counted in close()'s "still in flight" line; the watermark kept it for a replay.
            LOG.debug("{} failed after close ({}); replayed from the stream at the next start", rsvp.documentKey(),
                    cause.toString());
            return;
        }
        synchronized (modeLock) {
            if (!spooling) {
                spooling = true;
                LOG.warn("the store is not taking writes ({}); spooling RSVPs to {} until it does", cause.toString(),
                        spool.file());
            }
            try {
                spool.append(rsvp.json(), true); // accepted before the failure: never refused for the cap
                spooled.increment();
            } catch (IOException e) {
                // Nowhere left to put it: say so loudly; the watermark keeps it for a replay after restart.
                LOG.error("cannot spool {} to {}: {}", rsvp.documentKey(), spool.file(), e.toString());
            }
        }
    }

    /**
     * Appends a new RSVP to the spool while spooling, waiting (outside the lock) while the spool is at
     * its cap. The check and the append are one step under {@code modeLock}: a record appended after
     * the drain found the spool empty would never be drained.
     *
     * @return false when spooling ended meanwhile; the caller then stores the RSVP directly
     */
    private boolean spoolWhileSpooling(RsvpMessage rsvp, long ticket) throws InterruptedException {
        try {
            while (true) {
                synchronized (modeLock) {
                    if (!spooling) {
                        return false;
                    }
                    if (spool.append(rsvp.json(), false)) {
                        spooled.increment();
                        watermark.complete(ticket);
                        if (blockedOnFullSpool) {
                            blockedOnFullSpool = false;
                            LOG.info("spool has room again; reading the stream");
                        }
                        return true;
                    }
                }
                if (!blockedOnFullSpool) {
                    blockedOnFullSpool = true;
                    LOG.warn("spool {} is at its cap ({} RSVPs); stopped reading the stream until it drains",
                            spool.file(), spool.records());
                }
                spool.awaitSpace(1000);
            }
        } catch (IOException e) {
            // Not safe anywhere: the ticket stays pending, so a restart replays it from the stream.
            throw new UncheckedIOException("cannot write the spool " + spool.file(), e);
        }
    }

    /** Once a second while spooling: store the spool's records in order, a batch at a time. */
    private void drainIfSpooling() {
        if (!spooling) {
            return;
        }
        try {
            while (true) {
                List<String> batch = spool.peek(DRAIN_BATCH);
                if (batch.isEmpty()) {
                    synchronized (modeLock) {
                        if (spool.isEmpty()) {
                            spooling = false;
                            LOG.info("spool drained; storing directly again");
                            return;
                        }
                    }
                    continue;
                }
                int done = storeInOrder(batch);
                spool.consume(done);
                if (done < batch.size()) {
                    return; // the store failed again: try next second from the first record not stored
                }
            }
        } catch (IOException e) {
            LOG.error("cannot read the spool {}: {}", spool.file(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores a batch concurrently; returns how many leading records are stored (or dead-lettered). */
    private int storeInOrder(List<String> batch) throws InterruptedException {
        List<CompletableFuture<Boolean>> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String json = batch.get(i);
            RsvpMessage rsvp;
            try {
                rsvp = parser.parse(json);
            } catch (InvalidRsvpException e) {
                deadLetters.record("unreadable spool record", e.getMessage(), json);
                results.add(CompletableFuture.completedFuture(true));
                continue;
            }
            RsvpMessage toStore = rsvp;
            results.add(attempt(toStore).handle((ok, error) -> {
                if (error == null) {
                    stored.increment();
                    recordLag(toStore);
                    return true;
                }
                if (StoreFailures.permanent(error)) {
                    deadLetters.record("refused by the store", StoreFailures.unwrap(error).toString(), json);
                    return true;
                }
                return false;
            }));
        }
        int leading = 0;
        for (CompletableFuture<Boolean> result : results) {
            if (!result.join()) {
                break;
            }
            leading++;
        }
        return leading;
    }

    /** Unregisters the gauges bound to this pipeline. */
    public void removeGauges(MeterRegistry registry) {
        registry.remove(spoolGauge);
    }

    /** Whether RSVPs are going to the spool because the store is down. */
    public boolean isSpooling() {
        return spooling;
    }

    public long storedCount() {
        return (long) stored.count();
    }

    public long retriedCount() {
        return (long) retried.count();
    }

    public long spooledCount() {
        return (long) spooled.count();
    }

    public long spoolRecords() {
        return spool.records();
    }

    /** Upserts started and not yet finished. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * Waits up to {@code closeWait} ({@link dev.rsvpstack.archiver.ShutdownTimeouts#inFlight()}) for
     * in-flight upserts; what has not finished by then stays recoverable: the spool is synced and the
     * watermark never passed it.
     */
    @Override
    public void close() {
        try {
            if (!inFlight.tryAcquire(maxInFlight, closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} RSVPs were still in flight at shutdown after {} ms; given up: waiting for them (they are "
                        + "replayed from the stream at the next start)", inFlight(), closeWait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        scheduler.shutdownNow();
        sweeper.shutdownNow();
        try {
            spool.sync();
        } catch (IOException e) {
            LOG.warn("cannot sync the spool {}: {}", spool.file(), e.toString());
        }
    }
}
