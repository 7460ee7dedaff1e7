package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Collection;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Archiver processes killed with SIGKILL: a restart, and a standby taking over, lose nothing. */
class ArchiverFailoverIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    @TempDir
    Path spool;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void announceCouchbase() {
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
    }

    private Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }

    private ArchiverProcess archiver(String name, RsvpSimulator simulator, Path spoolDirectory) {
        return ArchiverProcess.of(name, ETCD, COUCHBASE, simulator.uri(), spoolDirectory);
    }

    private RsvpSimulator simulator(long firstId) {
        return RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 1_000, 30_000, 20_000),
                new RsvpGenerator(mapper, Clock.systemUTC(), firstId, firstId));
    }

    private void assertEveryIdStored(RsvpSimulator simulator) {
        await().atMost(Duration.ofSeconds(60)).until(simulator::finished);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                StoredIds.missing(collection(), simulator.firstRsvpId(), simulator.lastRsvpId()).isEmpty());
    }

    @Test
    void archiver_killed_with_sigkill_mid_stream_and_restarted_loses_nothing() {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(10_000_000);
             ArchiverProcess archiver = archiver("archiver-a", simulator, spool.resolve("a")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> archiver.health().path("stored").asLong() > 3_000);

            archiver.kill();
            archiver.start();

            assertEveryIdStored(simulator);
        }
    }

    @Test
    void standby_takes_over_within_ttl_plus_two_seconds_when_the_leader_is_killed() {
        StoredIds.replayEverything(collection());
        try (RsvpSimulator simulator = simulator(20_000_000);
             ArchiverProcess leader = archiver("archiver-leader", simulator, spool.resolve("leader")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 2_000);
            assertThat(leader.isLeader()).isTrue();
            try (ArchiverProcess standby = archiver("archiver-standby", simulator, spool.resolve("standby")).start()) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));

                leader.kill();

                // TTL 3 s + 2 s.
                await().atMost(Duration.ofSeconds(5)).until(standby::isLeader);
                assertEveryIdStored(simulator);
            }
        }
    }
}
