package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RsvpArchiverIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void every_rsvp_received_from_the_simulator_is_stored_whole_under_its_rsvp_id() {
        Collection collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        ArchiverStats stats;
        RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 200),
                new RsvpGenerator(mapper, Clock.systemUTC(), 11, 1));
        try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.of(simulator.uri()), new RsvpParser(mapper),
                new CouchbaseRsvpStore(collection)).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.stats().stored() >= 50);
            simulator.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ArchiverStats now = archiver.stats();
                return now.received() == now.stored() + now.deadLettered() && now.spoolRecords() == 0;
            });
            stats = archiver.stats();
        } finally {
            simulator.close();
        }
        assertThat(stats.deadLettered()).isZero();
        assertThat(stats.spooled()).isZero();

        // The archiver joined a running stream: it stored one unbroken run of ids, each message whole.
        RsvpGenerator expected = new RsvpGenerator(mapper, Clock.systemUTC(), 11, 1);
        long id = 1;
        JsonObject sent = JsonObject.fromJson(expected.next());
        while (find(collection, id) == null && id < 100_000) {
            id++;
            sent = JsonObject.fromJson(expected.next());
        }
        long storedRun = 0;
        for (JsonObject stored = find(collection, id); stored != null; stored = find(collection, ++id)) {
            assertThat(withoutTimes(stored)).isEqualTo(withoutTimes(sent));
            storedRun++;
            sent = JsonObject.fromJson(expected.next());
        }
        assertThat(storedRun).isEqualTo(stats.stored()).isGreaterThanOrEqualTo(50);
    }

    private static JsonObject find(Collection collection, long rsvpId) {
        try {
            return collection.get("rsvp::" + rsvpId).contentAsObject();
        } catch (DocumentNotFoundException e) {
            return null;
        }
    }

    /** The test's generator runs later than the simulator's, so only the clock-derived fields differ. */
    private static JsonObject withoutTimes(JsonObject rsvp) {
        JsonObject copy = JsonObject.fromJson(rsvp.toString());
        copy.removeKey("mtime");
        copy.getObject("event").removeKey("time");
        return copy;
    }
}
