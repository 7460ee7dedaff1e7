package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.archiver.internal.LocalCheckpoint;
import dev.rsvpstack.archiver.internal.Spool;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver service on etcd: it creates the web's views, a Couchbase MOVED mid-stream is
 * reconnected in process, losing nothing, and a standby stores what its spool kept from an earlier run.
 */
class ArchiverServiceIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final CouchbaseMockProcessExtension FIRST = CouchbaseMockProcessExtension.childJvm();

    @TempDir
    Path spool;

    private final ObjectMapper mapper = new ObjectMapper();

    private static void announce(Client etcd, String address) throws Exception {
        etcd.getKVClient().put(ByteSequence.from("/services/couchbase/1", StandardCharsets.UTF_8),
                ByteSequence.from(address, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    void views_are_created_and_a_moved_couchbase_is_reconnected_in_process_losing_no_rsvp() throws Exception {
        Collection first = FIRST.cluster().bucket(FIRST.bucketName()).defaultCollection();
        StoredIds.replayEverything(first);
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
             EmbeddedCouchbase second = EmbeddedCouchbase.start(FIRST.bucketName(), FIRST.password());
             Cluster secondCluster = EmbeddedCouchbase.connect(second, Duration.ofSeconds(30));
             RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 1_000, 20_000, 12_000),
                     new RsvpGenerator(mapper, Clock.systemUTC(), 30_000_000, 30_000_000));
             Discovery discovery = discovery()) {
            announce(etcd, "127.0.0.1:" + FIRST.process().kvPort());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ArchiverServiceSettings settings = new ArchiverServiceSettings(
                    ArchiverSettings.builder(simulator.uri()).spoolDirectory(spool).build(), "archiver-1",
                    Duration.ofSeconds(3), FIRST.bucketName(), FIRST.username(), FIRST.password(), RestartPolicy.RELOAD,
                    "127.0.0.1", 0);
            try (ArchiverService service = ArchiverService.start(settings, discovery, registry, (c, r) -> { })) {
                await().atMost(Duration.ofSeconds(30)).until(() -> service.stats().map(ArchiverStats::stored)
                        .orElse(0L) > 3_000);

                assertThat(FIRST.cluster().bucket(FIRST.bucketName()).viewIndexes()
                        .getDesignDocument(RsvpViews.DESIGN_DOCUMENT_NAME, DesignDocumentNamespace.PRODUCTION).views())
                        .as("the archiver creates the web's views").containsKeys(RsvpViews.LATEST_BY_MTIME,
                                RsvpViews.PER_MINUTE);

                announce(etcd, "127.0.0.1:" + second.kvPort());

                Collection secondCollection = secondCluster.bucket(second.bucketName()).defaultCollection();
                await().atMost(Duration.ofSeconds(60)).until(simulator::finished);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        missingFromBoth(first, secondCollection, simulator) == 0);
                assertThat(storedIn(secondCollection, simulator.lastRsvpId())).as("the newest RSVP went to the new "
                        + "Couchbase").isTrue();

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(service.statusUri().resolve("/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"role\":\"leader\"");
                String metrics = http.send(HttpRequest.newBuilder(service.statusUri().resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("archiver_rsvps_stored_total", "archiver_rsvps_received_total",
                        "archiver_rsvps_deadlettered_total", "archiver_lag_seconds", "archiver_leader 1.0");
            }
        }
    }

    @Test
    void a_standby_stores_the_rsvps_an_earlier_run_left_in_its_spool() throws Exception {
        Collection bucket = FIRST.cluster().bucket(FIRST.bucketName()).defaultCollection();
        RsvpGenerator generator = new RsvpGenerator(mapper, Clock.systemUTC(), 41, 41_000_000);
        long firstId = -1;
        long lastId = -1;
        // What a leader killed while Couchbase was away leaves behind.
        try (Spool leftover = new Spool(spool, 64 * 1024 * 1024)) {
            for (int i = 0; i < 500; i++) {
                RsvpGenerator.GeneratedRsvp rsvp = generator.generate();
                firstId = firstId < 0 ? rsvp.rsvpId() : firstId;
                lastId = rsvp.rsvpId();
                leftover.append(rsvp.json(), false);
            }
        }
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
             Discovery discovery = discovery();
             LeaderElection other = leadingElsewhere(discovery, "the-new-leader")) {
            announce(etcd, "127.0.0.1:" + FIRST.process().kvPort());
            try (ArchiverService service = startStandby(discovery, "restarted-old-leader")) {
                long first = firstId;
                long last = lastId;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> StoredIds.missing(bucket, first, last).isEmpty());
                await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasRecords(spool));
                assertThat(service.isLeader()).as("it stored them as the standby").isFalse();
                assertThat(other.isLeader()).as("the new leader kept its term").isTrue();
            }
        }
    }

    @Test
    void a_standby_keeps_the_leaders_checkpoint_beside_its_own_spool() throws Exception {
        Collection bucket = FIRST.cluster().bucket(FIRST.bucketName()).defaultCollection();
        long leadersPoint = 1_764_000_000_000L;
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
             Discovery discovery = discovery();
             LeaderElection other = leadingElsewhere(discovery, "the-leader")) {
            announce(etcd, "127.0.0.1:" + FIRST.process().kvPort());
            bucket.upsert(CouchbaseCheckpoint.KEY, JsonObject.create().put("mtime", leadersPoint));
            try (ArchiverService service = startStandby(discovery, "the-standby")) {
                LocalCheckpoint local = new LocalCheckpoint(spool);
                await().atMost(Duration.ofSeconds(15)).until(() -> local.load().equals(OptionalLong.of(leadersPoint)));
                assertThat(service.isLeader()).isFalse();
                assertThat(other.isLeader()).as("the leader kept its term").isTrue();
            }
        }
    }

    private static Discovery discovery() {
        return EtcdDiscovery.builder().endpoints(ETCD.endpoints())
                .defaultPort(ArchiverService.COUCHBASE_SERVICE, 11210)
                .debounce(new Debounce(Duration.ofMillis(200), Duration.ofSeconds(1))).build();
    }

    /** Another candidate that wins the archiver election first, so the service under test stands by. */
    private static LeaderElection leadingElsewhere(Discovery discovery, String candidate) throws InterruptedException {
        CountDownLatch elected = new CountDownLatch(1);
        LeaderElection election = discovery.leaderElection(ArchiverService.ELECTION, candidate, Duration.ofSeconds(5),
                new LeaderListener() {
                    @Override
                    public void elected() {
                        elected.countDown();
                    }

                    @Override
                    public void revoked() {
                    }
                });
        assertThat(elected.await(10, TimeUnit.SECONDS)).as("%s leads", candidate).isTrue();
        return election;
    }

    /** An archiver service on the first Couchbase whose stream is never reached; it stands by. */
    private ArchiverService startStandby(Discovery discovery, String candidate) {
        ArchiverServiceSettings settings = new ArchiverServiceSettings(
                ArchiverSettings.builder(URI.create("ws://127.0.0.1:9/2/rsvps")).spoolDirectory(spool).build(),
                candidate, Duration.ofSeconds(5), FIRST.bucketName(), FIRST.username(),
                FIRST.password(), RestartPolicy.RELOAD, "127.0.0.1", 0);
        return ArchiverService.start(settings, discovery, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                (c, r) -> { });
    }

    private static long missingFromBoth(Collection first, Collection second, RsvpSimulator simulator)
            throws InterruptedException {
        return StoredIds.missing(first, simulator.firstRsvpId(), simulator.lastRsvpId()).stream()
                .filter(id -> !storedIn(second, id)).count();
    }

    private static boolean storedIn(Collection collection, long id) {
        try {
            collection.get("rsvp::" + id);
            return true;
        } catch (DocumentNotFoundException e) {
            return false;
        }
    }
}
