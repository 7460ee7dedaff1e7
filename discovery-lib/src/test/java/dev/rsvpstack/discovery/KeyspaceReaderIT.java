package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's read-only view against a real etcd, with keys written by the library's own code. */
class KeyspaceReaderIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();

    /** A candidate with no work to stop: it only stands in the election. */
    private static final LeaderListener IDLE = () -> { };

    @Test
    void lists_instances_with_lease_time_election_candidates_in_order_and_raw_config() throws Exception {
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).build();
             KeyspaceReader reader = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).buildReader()) {
            ETCD.put("/config/web/latest-limit", "many");
            discovery.register(RegistrationRequest.builder("memcached", "1", "127.0.0.1:11211")
                    .ttl(Duration.ofSeconds(8)).build());
            LeaderElection first = discovery.leaderElection("archiver", "archiver-1", Duration.ofSeconds(8),
                    IDLE);
            await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
            discovery.leaderElection("archiver", "archiver-2", Duration.ofSeconds(8), IDLE);
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read().elections().size() == 2
                    && reader.read().services().size() == 1);

            KeyspaceListing listing = reader.read();

            assertThat(listing.services()).singleElement().satisfies(entry -> {
                assertThat(entry.key()).isEqualTo("/services/memcached/1");
                assertThat(entry.value()).isEqualTo("127.0.0.1:11211");
                assertThat(entry.segmentAfter(ServiceKeys.SERVICES_ROOT)).isEqualTo("memcached");
                assertThat(entry.lastSegment()).isEqualTo("1");
                assertThat(entry.leaseRemaining()).hasValueSatisfying(left ->
                        assertThat(left).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8)));
            });
            assertThat(listing.elections()).extracting(KeyspaceEntry::value).containsExactly("archiver-1", "archiver-2");
            assertThat(listing.elections()).allSatisfy(entry ->
                    assertThat(entry.segmentAfter(ServiceKeys.ELECTIONS_ROOT)).isEqualTo("archiver"));
            assertThat(listing.config()).singleElement().satisfies(entry -> {
                assertThat(entry.key()).isEqualTo("/config/web/latest-limit");
                assertThat(entry.value()).isEqualTo("many");
                assertThat(entry.leaseRemaining()).isEqualTo(Optional.empty());
            });
        }
    }

    @Test
    void watch_calls_back_on_a_put_under_any_of_the_three_prefixes() throws Exception {
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
             KeyspaceReader reader = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).buildReader()) {
            AtomicInteger changes = new AtomicInteger();
            Subscription watching = reader.watch(changes::incrementAndGet);
            try (watching) {
                ETCD.put("/config/web/poll-interval", "2s");
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
                ETCD.put("/services/couchbase/1", "127.0.0.1");
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 2);
                ETCD.put("/unrelated", "x");
                ETCD.put("/elections/watch-test/1", "a");
                await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 3);
                assertThat(changes.get()).as("the unrelated key called nothing").isEqualTo(3);
            } finally {
                for (String key : new String[] {"/config/web/poll-interval", "/services/couchbase/1", "/unrelated",
                    "/elections/watch-test/1"}) {
                    // the other test counts keys
                    etcd.getKVClient().delete(ByteSequence.from(key, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
