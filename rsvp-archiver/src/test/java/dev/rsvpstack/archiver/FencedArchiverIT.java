package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CheckpointDocument;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archiver under a {@link LeaderFence}: once the fence stops holding, it handles no further
 * message, closes its connection, and its checkpoint writes carry its term. One without a fence
 * writes no checkpoint that a term holds.
 */
class FencedArchiverIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path spool;

    private Collection collection;

    @BeforeEach
    void noCheckpoint() {
        collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        CheckpointDocument.remove(collection);
    }

    @Test
    void a_fence_that_stops_holding_closes_the_stream_and_stops_handling_messages() {
        AtomicBoolean holds = new AtomicBoolean(true);
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 200),
                new RsvpGenerator(mapper, Clock.systemUTC(), 1, 1));
             RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(simulator.uri()).spoolDirectory(spool)
                     .build(), new RsvpParser(mapper), new CouchbaseRsvpStore(collection), mapper,
                     new SimpleMeterRegistry(), LeaderFence.of(5, holds::get)).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() >= 20);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    collection.get(CouchbaseCheckpoint.KEY).contentAsObject().getLong("term") == 5);

            holds.set(false); // the lease may have expired: a pause, a partition

            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.status().clients() == 0);
            long received = archiver.stats().received();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> archiver.stats().received() == received && simulator.status().clients() == 0);
            assertThat(simulator.status().overlapMillis()).isZero();
        }
    }

    @Test
    void an_archiver_without_an_election_leaves_an_elected_leaders_checkpoint_and_term_alone() {
        JsonObject elected = JsonObject.create().put("mtime", 1_000).put("term", 9);
        collection.insert(CouchbaseCheckpoint.KEY, elected);
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 200),
                new RsvpGenerator(mapper, Clock.systemUTC(), 2, 1));
             RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(simulator.uri()).spoolDirectory(spool)
                     .checkpointInterval(Duration.ofMillis(100)).build(), new RsvpParser(mapper),
                     new CouchbaseRsvpStore(collection), mapper, new SimpleMeterRegistry(), LeaderFence.NONE).start()) {
            // Stored RSVPs move its resume point past 1,000: every periodic save (and the one at close) is a candidate.
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() >= 20
                    && archiver.resumePoint() > 1_000);
        }

        assertThat(collection.get(CouchbaseCheckpoint.KEY).contentAsObject()).isEqualTo(elected);
        assertThat(new CouchbaseCheckpoint(collection).save(900, 7)).isEqualTo(CheckpointStore.Saved.REFUSED);
    }
}
