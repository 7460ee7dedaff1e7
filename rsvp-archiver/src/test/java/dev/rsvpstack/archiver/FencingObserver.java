package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.sim.RsvpSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a leader failover from outside: every change in the number of stream connections at the
 * simulator (10 ms) and the checkpoint document (50 ms), then checks the upstream's rule and the
 * archiver's promises and logs the timeline as {@code measured:} lines.
 */
final class FencingObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FencingObserver.class);

    private final RsvpSimulator simulator;
    private final Collection collection;
    private final ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
    private final List<long[]> checkpoints = new CopyOnWriteArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final long started = System.nanoTime();
    private volatile int clients;

    FencingObserver(RsvpSimulator simulator, Collection collection) {
        this.simulator = simulator;
        this.collection = collection;
        this.clients = simulator.status().clients();
        sampler.scheduleWithFixedDelay(this::sampleConnections, 0, 10, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(this::sampleCheckpoint, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** Milliseconds since observing began, for the timeline. */
    long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    void mark(String event) {
        timeline.add(now() + " ms: " + event);
    }

    private void sampleConnections() {
        int current = simulator.status().clients();
        if (current != clients) {
            mark(current + " stream connection(s)");
            clients = current;
        }
    }

    private void sampleCheckpoint() {
        try {
            JsonObject doc = collection.get(CouchbaseCheckpoint.KEY).contentAsObject();
            Long term = doc.getLong("term");
            Long mtime = doc.getLong("mtime");
            if (mtime != null) {
                checkpoints.add(new long[] {mtime, term == null ? 0 : term});
            }
        } catch (DocumentNotFoundException e) {
            // none yet
        } catch (RuntimeException e) {
            LOG.debug("checkpoint sample failed", e);
        }
    }

    /** Overlap 0 ms, no RSVP lost, the checkpoint never backwards and taken over by a later term. */
    void assertTheUpstreamsRuleAndNothingLost(String scenario) throws InterruptedException {
        await().atMost(Duration.ofSeconds(60)).until(simulator::finished);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(StoredIds.missing(collection, simulator.firstRsvpId(), simulator.lastRsvpId()))
                        .as("RSVP ids not stored").isEmpty());
        LOG.info("measured: {}: {}; overlap {} ms", scenario, timeline, simulator.status().overlapMillis());
        assertThat(simulator.status().overlapMillis()).as("overlap of stream connections (ms)").isZero();
        assertThat(checkpoints).isNotEmpty();
        long[] previous = checkpoints.get(0);
        for (long[] sample : checkpoints) {
            assertThat(sample[0]).as("checkpoint mtime after %d (term %d)", previous[0], previous[1])
                    .isGreaterThanOrEqualTo(previous[0]);
            assertThat(sample[1]).as("checkpoint term").isGreaterThanOrEqualTo(previous[1]);
            previous = sample;
        }
        assertThat(checkpoints.get(checkpoints.size() - 1)[1]).as("the successor's term")
                .isGreaterThan(checkpoints.get(0)[1]);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
