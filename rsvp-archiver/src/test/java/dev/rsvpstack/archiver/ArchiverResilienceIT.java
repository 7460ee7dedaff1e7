package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Collection;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorFault;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The archiver loses nothing: at rate, through a frozen Couchbase, a dropped stream and bad input. */
class ArchiverResilienceIT {
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    @TempDir
    Path spool;

    private final ObjectMapper mapper = new ObjectMapper();

    private Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }

    private RsvpSimulator simulator(int rate, long limit, long firstId) {
        return RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, rate, (int) limit, limit),
                new RsvpGenerator(mapper, Clock.systemUTC(), firstId, firstId));
    }

    private RsvpArchiver archiver(RsvpSimulator simulator) {
        ArchiverSettings settings = ArchiverSettings.builder(simulator.uri()).spoolDirectory(spool)
                .reconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        return new RsvpArchiver(settings, new RsvpParser(mapper), new CouchbaseRsvpStore(collection())).start();
    }

    private void assertEveryIdStored(RsvpSimulator simulator, RsvpArchiver archiver, long expected) throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(simulator::finished);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ArchiverStats stats = archiver.stats();
            return stats.spoolRecords() == 0 && !stats.spooling()
                    && StoredIds.missing(collection(), simulator.lastRsvpId() - expected + 1,
                    simulator.lastRsvpId()).isEmpty();
        });
        assertThat(simulator.generatedCount()).isEqualTo(expected);
        assertThat(simulator.lastRsvpId() - simulator.firstRsvpId() + 1).isEqualTo(expected);
    }

    @Test
    void fifty_thousand_rsvps_at_five_thousand_a_second_are_all_stored() throws Exception {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(5_000, 50_000, 1_000_000);
             RsvpArchiver archiver = archiver(simulator)) {
            assertEveryIdStored(simulator, archiver, 50_000);
            assertThat(archiver.stats().deadLettered()).isZero();
        }
    }

    @Test
    void couchbase_frozen_for_ten_seconds_mid_stream_loses_nothing() throws Exception {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(2_000, 40_000, 2_000_000);
             RsvpArchiver archiver = archiver(simulator)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() > 4_000);
            COUCHBASE.process().freeze();
            try {
                // Frozen for 10 s of stream: 20,000 RSVPs at 2,000/s.
                long atFreeze = simulator.generatedCount();
                await().atMost(Duration.ofSeconds(30)).until(() -> simulator.generatedCount() >= atFreeze + 20_000);
                assertThat(archiver.stats().spooling()).as("the archiver spools while Couchbase is frozen").isTrue();
            } finally {
                COUCHBASE.process().thaw();
            }
            assertEveryIdStored(simulator, archiver, 40_000);
            assertThat(archiver.stats().spooled()).isPositive();
        }
    }

    @Test
    void a_dropped_stream_is_resumed_with_since_mtime_and_leaves_no_gap() throws Exception {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(1_000, 10_000, 3_000_000);
             RsvpArchiver archiver = archiver(simulator)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() > 2_000);
            simulator.inject(SimulatorFault.DROP_CONNECTIONS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !archiver.stats().connected());

            assertEveryIdStored(simulator, archiver, 10_000);
        }
    }

    @Test
    void a_store_without_a_checkpoint_resumes_from_the_local_one_and_leaves_no_gap() throws Exception {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(1_000, 8_000, 4_000_000)) {
            try (RsvpArchiver first = archiver(simulator)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.stats().stored() > 2_000);
            }
            // What a new, empty Couchbase looks like to the next archiver: no checkpoint. Meanwhile
            // the stream goes on without anyone reading it.
            collection().remove(CouchbaseCheckpoint.KEY);
            long atStop = simulator.generatedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.generatedCount() >= atStop + 2_000);

            try (RsvpArchiver second = archiver(simulator)) {
                assertEveryIdStored(simulator, second, 8_000);
            }
        }
    }

    @Test
    void every_kind_of_bad_input_is_dead_lettered_and_the_stream_goes_on() throws Exception {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(500, 6_000, 4_000_000);
             RsvpArchiver archiver = archiver(simulator)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() > 500);
            long deadBefore = archiver.stats().deadLettered();
            for (SimulatorFault fault : new SimulatorFault[] {SimulatorFault.MALFORMED_JSON,
                SimulatorFault.MISSING_RSVP_ID, SimulatorFault.WRONG_TYPES, SimulatorFault.OVERSIZED_FRAME,
                SimulatorFault.BINARY_FRAME, SimulatorFault.INVALID_UTF8}) {
                long before = archiver.stats().deadLettered();
                simulator.inject(fault);
                await(fault.toString()).atMost(Duration.ofSeconds(15))
                        .until(() -> archiver.stats().deadLettered() == before + 1 && archiver.stats().connected());
            }

            assertEveryIdStored(simulator, archiver, 6_000);
            assertThat(archiver.stats().deadLettered() - deadBefore).isEqualTo(6);
            assertThat(Files.readAllLines(spool.resolve("deadletters.jsonl")))
                    .hasSize(6)
                    .anySatisfy(line -> assertThat(line).contains("malformed JSON"))
                    .anySatisfy(line -> assertThat(line).contains("binary frame"))
                    .anySatisfy(line -> assertThat(line).contains("oversized"))
                    .anySatisfy(line -> assertThat(line).contains("not UTF-8"));
        }
    }
}
