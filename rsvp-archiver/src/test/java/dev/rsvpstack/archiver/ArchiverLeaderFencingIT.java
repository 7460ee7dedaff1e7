package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.archiver.sim.RsvpGenerator;
import dev.rsvpstack.archiver.sim.RsvpSimulator;
import dev.rsvpstack.archiver.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream's rule under a paused and a killed leader: two archiver processes on a real etcd, the
 * simulator measuring how long two stream connections were open at once. In each case: overlap 0 ms,
 * the standby takes over, no RSVP is lost, and the checkpoint never moves backwards. The timeline
 * (pause or death, the old connection's end, the takeover, the new connection) is logged as
 * {@code measured:} lines; timing targets are kept out of the assertions.
 */
class ArchiverLeaderFencingIT {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiverLeaderFencingIT.class);
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    /** {@link ArchiverMain}'s lease TTL. */
    private static final Duration TTL = Duration.ofSeconds(3);
    /**
     * The simulator drops a client that answered no ping for this long, as a server drops a frozen peer.
     * Long enough for a healthy archiver catching up on a replay (its pong waits behind the frames).
     */
    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(2_500);
    /**
     * The successor connects this long after winning. A frozen leader's connection ends when the upstream
     * drops it, at most 1.25 x the client timeout after the pause (pings go out every quarter of it); the
     * successor wins at least two thirds of a TTL after the pause (the last keep-alive was at most a third
     * of a TTL earlier). So overlap is impossible when grace >= 1.25 x timeout - 2/3 TTL (here 1.1 s).
     */
    private static final Duration GRACE = Duration.ofSeconds(3);

    @TempDir
    Path spool;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
    private final List<long[]> checkpoints = new CopyOnWriteArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private volatile long samplingStarted;

    @BeforeAll
    static void announceCouchbase() throws Exception {
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build()) {
            etcd.getKVClient().put(bytes("/services/couchbase/1"),
                    bytes("127.0.0.1:" + COUCHBASE.process().kvPort())).get(10, TimeUnit.SECONDS);
        }
    }

    /** An older resume point than needed is safe: every test's stream is replayed from its start. */
    @BeforeEach
    void resumeFromTheStart() {
        collection().upsert(CouchbaseCheckpoint.KEY, JsonObject.create().put("mtime", 0));
    }

    @AfterEach
    void stopSampling() {
        sampler.shutdownNow();
    }

    @Test
    void a_leader_paused_for_two_ttls_never_overlaps_its_successor_and_loses_nothing() throws Exception {
        try (RsvpSimulator simulator = simulator(30_000_000);
             ArchiverProcess leader = archiver("archiver-paused", simulator).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 3_000);
            try (ArchiverProcess standby = archiver("archiver-standby", simulator).start()) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));
                sampleCheckpointAndConnections(simulator);

                long paused = System.nanoTime();
                leader.freeze();
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                long takeover = System.nanoTime();
                // the pause lasts two TTLs in all: its length is the scenario, not a wait for a condition
                long left = TTL.multipliedBy(2).toNanos() - (System.nanoTime() - paused);
                if (left > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
                }
                leader.thaw();
                long resumed = System.nanoTime();

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(leader.health().path("role").asText()));
                assertEveryIdStored(simulator);
                report("pause", paused, takeover, resumed);
                assertThat(simulator.status().overlapMillis()).as("overlap of stream connections (ms)").isZero();
                assertCheckpointNeverMovedBackwards();
            }
        }
    }

    @Test
    void a_killed_leader_never_overlaps_its_successor_and_loses_nothing() throws Exception {
        try (RsvpSimulator simulator = simulator(40_000_000);
             ArchiverProcess leader = archiver("archiver-killed", simulator).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 3_000);
            try (ArchiverProcess standby = archiver("archiver-survivor", simulator).start()) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));
                sampleCheckpointAndConnections(simulator);

                long killed = System.nanoTime();
                leader.kill();
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                long takeover = System.nanoTime();

                assertEveryIdStored(simulator);
                report("kill -9", killed, takeover, takeover);
                assertThat(simulator.status().overlapMillis()).as("overlap of stream connections (ms)").isZero();
                assertCheckpointNeverMovedBackwards();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private RsvpSimulator simulator(long firstId) {
        return RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 500, 30_000, 12_000)
                .withClientTimeout(CLIENT_TIMEOUT), new RsvpGenerator(mapper, Clock.systemUTC(), firstId, firstId));
    }

    private ArchiverProcess archiver(String name, RsvpSimulator simulator) {
        String etcd = ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        return new ArchiverProcess(name, etcd, simulator.uri(), COUCHBASE.bucketName(), COUCHBASE.password(),
                spool.resolve(name), GRACE);
    }

    /** Every 50 ms: the checkpoint document, and each change in the number of stream connections. */
    private void sampleCheckpointAndConnections(RsvpSimulator simulator) {
        long start = System.nanoTime();
        samplingStarted = start;
        int[] last = {simulator.status().clients()};
        sampler.scheduleWithFixedDelay(() -> {
            int clients = simulator.status().clients();
            if (clients != last[0]) {
                timeline.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + clients
                        + " connection(s)");
                last[0] = clients;
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(() -> {
            try {
                JsonObject doc = collection().get(CouchbaseCheckpoint.KEY).contentAsObject();
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
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void report(String fault, long at, long takeover, long resumed) {
        long offset = TimeUnit.NANOSECONDS.toMillis(at - samplingStarted);
        LOG.info("measured: timeline relative to the {} at {} ms of sampling", fault, offset);
        LOG.info("measured: {} -> standby leads after {} ms (TTL {} ms, grace {} ms); {}; connection changes: {}",
                fault, TimeUnit.NANOSECONDS.toMillis(takeover - at), TTL.toMillis(), GRACE.toMillis(),
                resumed == takeover ? "" : "resumed " + TimeUnit.NANOSECONDS.toMillis(resumed - at) + " ms after",
                timeline);
    }

    private void assertCheckpointNeverMovedBackwards() {
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

    private void assertEveryIdStored(RsvpSimulator simulator) {
        await().atMost(Duration.ofSeconds(60)).until(simulator::finished);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(StoredIds.missing(collection(), simulator.firstRsvpId(), simulator.lastRsvpId()))
                        .as("RSVP ids not stored").isEmpty());
    }

    private Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
