package dev.rsvpstack.archiver;

import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream's rule under a paused and a killed leader: two archiver processes on a real etcd, the
 * simulator measuring how long two stream connections were open at once. In each case: overlap 0 ms,
 * the standby takes over, no RSVP is lost, and the checkpoint never moves backwards. The timeline
 * (pause or death, the old connection's end, the takeover, the new connection) is logged as
 * {@code measured:} lines; timing targets are kept out of the assertions.
 */
class ArchiverLeaderFencingIT {
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

    @BeforeAll
    static void announceCouchbase() {
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
    }

    /** An older resume point than needed is safe: every test's stream is replayed from its start. */
    @BeforeEach
    void resumeFromTheStart() {
        collection().upsert(CouchbaseCheckpoint.KEY, JsonObject.create().put("mtime", 0));
    }

    @Test
    void a_leader_paused_for_two_ttls_never_overlaps_its_successor_and_loses_nothing() throws Exception {
        try (RsvpSimulator simulator = simulator(30_000_000);
             ArchiverProcess leader = archiver("archiver-paused", simulator).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 3_000);
            try (ArchiverProcess standby = archiver("archiver-standby", simulator).start();
                 FencingObserver observer = new FencingObserver(simulator, collection())) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));

                long paused = observer.now();
                leader.freeze();
                observer.mark("leader paused (SIGSTOP)");
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                observer.mark("the standby leads");
                // the pause lasts two TTLs in all: its length is the scenario, not a wait for a condition
                long left = TTL.multipliedBy(2).toMillis() - (observer.now() - paused);
                if (left > 0) {
                    Thread.sleep(left);
                }
                leader.thaw();
                observer.mark("leader resumed (SIGCONT)");

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(leader.health().path("role").asText()));
                observer.mark("the old leader stands by");
                observer.assertTheUpstreamsRuleAndNothingLost("pause, TTL 3 s, grace 3 s");
            }
        }
    }

    @Test
    void a_killed_leader_never_overlaps_its_successor_and_loses_nothing() throws Exception {
        try (RsvpSimulator simulator = simulator(40_000_000);
             ArchiverProcess leader = archiver("archiver-killed", simulator).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 3_000);
            try (ArchiverProcess standby = archiver("archiver-survivor", simulator).start();
                 FencingObserver observer = new FencingObserver(simulator, collection())) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));

                leader.kill();
                observer.mark("leader killed (SIGKILL)");
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                observer.mark("the standby leads");

                observer.assertTheUpstreamsRuleAndNothingLost("kill -9, TTL 3 s, grace 3 s");
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

    private Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }
}
