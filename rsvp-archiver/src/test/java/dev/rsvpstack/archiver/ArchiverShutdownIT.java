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

    @Test
    void a_leader_exits_within_the_stop_grace_when_etcd_and_couchbase_vanish_together() {
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 1_000, 30_000, 0),
                new RsvpGenerator(new ObjectMapper(), Clock.systemUTC(), 50_000_000, 50_000_000));
             ArchiverProcess leader = ArchiverProcess.of("archiver-shutdown", ETCD, COUCHBASE, simulator.uri(),
                     spool).start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> leader.isLeader() && leader.health().path("stored").asLong() > 500);

            CompletableFuture.allOf(CompletableFuture.runAsync(() -> ETCD.member(0).kill()),
                    CompletableFuture.runAsync(() -> COUCHBASE.process().kill())).join();
            leader.terminate();

            Duration bound = Duration.ofSeconds(9);
            try {
                await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(() -> leader.exitCode().isPresent());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the archiver did not exit within " + bound + " of SIGTERM; its threads:\n"
                        + leader.threadDump(), e);
            }
            assertThat(leader.exitCode()).hasValue(EXITED_ON_SIGTERM);
            assertThat(leader.log())
                    .contains("did not finish within")
                    .contains("given up");
        }
    }
}
