package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a leading archiver whose etcd and Couchbase are gone: it must still exit by itself within
 * its documented shutdown bound, below docker stop's and systemd's grace, instead of being killed.
 */
class ArchiverShutdownIT {
    /** SIGTERM 143: the JVM ran its shutdown hooks and exited; 137 would be a SIGKILL. */
    private static final int EXITED_ON_SIGTERM = 143;

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    @TempDir
    Path spool;

    @BeforeEach
    void bringEtcdBackAndAnnounceCouchbase() {
        ETCD.startAll(); // a test here kills it; the mock's extension restarts the mock by itself
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
    }

    @Test
    void a_leader_exits_within_the_stop_grace_when_etcd_and_couchbase_vanish_together() {
        try (RsvpSimulator simulator = simulator(50_000_000);
             ArchiverProcess leader = archiver("archiver-vanished", simulator).start()) {
            awaitArchiving(leader);

            CompletableFuture.allOf(CompletableFuture.runAsync(() -> ETCD.member(0).kill()),
                    CompletableFuture.runAsync(() -> COUCHBASE.process().kill())).join();
            leader.terminate();

            assertExitsWithinTheShutdownBound(leader);
            // etcd and Couchbase are gone: at least one step waited its time out and says what it gave up.
            assertThat(leader.log()).containsPattern("did not finish within \\d+ ms; given up: \\S+");
        }
    }

    @Test
    void a_leader_stopped_with_everything_up_gives_nothing_up_and_its_standby_takes_over_at_once() {
        try (RsvpSimulator simulator = simulator(60_000_000);
             ArchiverProcess leader = archiver("archiver-healthy-leader", simulator).start()) {
            awaitArchiving(leader);
            try (ArchiverProcess standby = archiver("archiver-healthy-standby", simulator).start()) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));

                leader.terminate();

                assertExitsWithinTheShutdownBound(leader);
                assertThat(leader.log()).doesNotContain("given up").contains("resigned leadership");
                // Under the 3 s lease of ArchiverMain: the leader resigned, nobody waited for an expiry.
                await().atMost(Duration.ofSeconds(2)).until(standby::isLeader);
            }
        }
    }

    private RsvpSimulator simulator(long firstId) {
        return RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 1_000, 30_000, 0),
                new RsvpGenerator(new ObjectMapper(), Clock.systemUTC(), firstId, firstId));
    }

    private ArchiverProcess archiver(String name, RsvpSimulator simulator) {
        return ArchiverProcess.of(name, ETCD, COUCHBASE, simulator.uri(), spool.resolve(name));
    }

    private static void awaitArchiving(ArchiverProcess leader) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> leader.isLeader() && leader.health().path("stored").asLong() > 500);
    }

    private static void assertExitsWithinTheShutdownBound(ArchiverProcess archiver) {
        Duration bound = ShutdownTimeouts.DEFAULTS.bound();
        try {
            await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(() -> archiver.exitCode().isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the archiver did not exit within " + bound + " of SIGTERM; its threads:\n"
                    + archiver.threadDump(), e);
        }
        assertThat(archiver.exitCode()).hasValue(EXITED_ON_SIGTERM);
    }
}
