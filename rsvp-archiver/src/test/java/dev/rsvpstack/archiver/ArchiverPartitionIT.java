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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leading archiver cut off from a 3-member etcd for two TTLs while it still reaches the stream
 * and Couchbase, then healed: it must let go of the stream before its lease can expire (its
 * keep-alives go unanswered), the standby takes over, and the upstream never sees two connections.
 */
class ArchiverPartitionIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    /** {@link ArchiverMain}'s lease TTL. */
    private static final Duration TTL = Duration.ofSeconds(3);

    @TempDir
    Path spool;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<PartitionProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void announceCouchbase() {
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
    }

    @AfterEach
    void closeProxies() throws Exception {
        for (PartitionProxy proxy : proxies) {
            proxy.close();
        }
    }

    @Test
    void a_leader_cut_off_from_etcd_lets_go_of_the_stream_before_its_successor_connects() throws Exception {
        collection().upsert(CouchbaseCheckpoint.KEY, JsonObject.create().put("mtime", 0)); // replay from the start
        for (URI member : ETCD.endpoints()) {
            proxies.add(new PartitionProxy(member));
        }
        String behindProxies = proxies.stream().map(p -> p.uri().toString()).collect(Collectors.joining(","));
        String direct = ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 500, 30_000, 12_000),
                new RsvpGenerator(mapper, Clock.systemUTC(), 50_000_000, 50_000_000));
             ArchiverProcess leader = archiver("archiver-cut-off", behindProxies, simulator).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.health().path("stored").asLong() > 3_000);
            try (ArchiverProcess standby = archiver("archiver-reachable", direct, simulator).start();
                 FencingObserver observer = new FencingObserver(simulator, collection())) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> "standby".equals(standby.health().path("role").asText()));

                long cut = observer.now();
                proxies.forEach(PartitionProxy::cut);
                observer.mark("leader cut off from etcd");
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                observer.mark("the standby leads");
                // the partition lasts two TTLs in all: its length is the scenario, not a wait for a condition
                long left = TTL.multipliedBy(2).toMillis() - (observer.now() - cut);
                if (left > 0) {
                    Thread.sleep(left);
                }
                proxies.forEach(PartitionProxy::heal);
                observer.mark("partition healed");

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> "standby".equals(leader.health().path("role").asText()));
                observer.mark("the old leader stands by");
                observer.assertTheUpstreamsRuleAndNothingLost("partition from a 3-member etcd, TTL 3 s, grace 1 s");
            }
        }
    }

    private ArchiverProcess archiver(String name, String etcd, RsvpSimulator simulator) {
        return new ArchiverProcess(name, etcd, simulator.uri(), COUCHBASE.bucketName(), COUCHBASE.password(),
                spool.resolve(name));
    }

    private Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }
}
