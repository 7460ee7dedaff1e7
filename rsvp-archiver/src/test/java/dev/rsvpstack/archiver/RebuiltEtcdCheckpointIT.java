package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.archiver.CheckpointStore.Saved;
import dev.rsvpstack.archiver.internal.CheckpointDocument;
import dev.rsvpstack.archiver.internal.CouchbaseCheckpoint;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import dev.rsvpstack.discovery.internal.EtcdLeaderElection;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.etcd.EtcdMember;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The checkpoint across an etcd rebuilt empty, as an operator does after a disaster: the same member,
 * address and configuration on a wiped data directory. Revisions count from 1 again there, so every new
 * leader's term is lower than the one stored in the checkpoint; and etcd's cluster id is the same as
 * before (it is derived from the configuration), so it cannot tell the two etcds apart. The election's
 * epoch can: the new etcd's first leader takes the checkpoint over, and the old etcd's terms are refused.
 */
class RebuiltEtcdCheckpointIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final String ELECTION = "archiver";

    private Collection collection;

    @BeforeEach
    void noCheckpoint() {
        collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        CheckpointDocument.remove(collection);
    }

    @Test
    void a_leader_of_a_rebuilt_etcd_takes_the_checkpoint_over_and_the_old_etcds_terms_are_refused() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CouchbaseCheckpoint checkpoint = new CouchbaseCheckpoint(collection, registry);
        LeadershipTerm old;
        long oldClusterId;
        try (Client client = client()) {
            pushRevisions(client, 20); // months of sidekick traffic, in short (each put costs an fsync)
            old = lead(client, "archiver-1");
            oldClusterId = clusterId(client);
            assertThat(checkpoint.claim(old.epoch(), old.revision())).isEmpty();
            assertThat(checkpoint.save(5_000, old.epoch(), old.revision())).isEqualTo(Saved.WRITTEN);
        }

        rebuildEtcd();

        try (Client client = client()) {
            LeadershipTerm fresh = lead(client, "archiver-2");
            assertThat(fresh.revision()).isLessThan(old.revision()); // the rebuild's whole problem
            assertThat(clusterId(client)).isEqualTo(oldClusterId); // and why etcd's cluster id cannot solve it
            assertThat(fresh.epoch()).isNotEqualTo(old.epoch());

            assertThat(checkpoint.claim(fresh.epoch(), fresh.revision())).hasValue(5_000);
            assertThat(checkpoint.save(6_000, fresh.epoch(), fresh.revision())).isEqualTo(Saved.WRITTEN);
            assertThat(checkpoint.load()).hasValue(6_000);
            assertThat(registry.get(CouchbaseCheckpoint.TAKEOVERS).counter().count()).isEqualTo(1);
            JsonObject taken = stored();
            assertThat(taken.getLong("term")).isEqualTo(fresh.revision());
            assertThat(taken.getString("epoch")).isEqualTo(fresh.epoch());
            assertThat(taken.getArray("retired").toList()).containsExactly(old.epoch());

            // a leader of the old etcd, paused through the rebuild, wakes up: refused, however high its term
            assertThat(checkpoint.save(7_000, old.epoch(), old.revision())).isEqualTo(Saved.REFUSED);
            assertThat(checkpoint.claim(old.epoch(), old.revision() + 1_000)).isEmpty();
            // and a stale leader of the new etcd is refused as before
            LeadershipTerm next = lead(client, "archiver-3");
            assertThat(checkpoint.claim(next.epoch(), next.revision())).hasValue(6_000);
            assertThat(checkpoint.save(5_500, fresh.epoch(), fresh.revision())).isEqualTo(Saved.REFUSED);
            assertThat(stored().getLong("term")).isEqualTo(next.revision());
            assertThat(checkpoint.load()).hasValue(6_000);
            assertThat(registry.get(CouchbaseCheckpoint.TAKEOVERS).counter().count()).isEqualTo(1);
        }
    }

    @Test
    void after_revisions_went_back_under_the_same_epoch_deleting_the_epoch_key_lets_the_next_term_take_over()
            throws Exception {
        CouchbaseCheckpoint checkpoint = new CouchbaseCheckpoint(collection);
        try (Client client = client()) {
            LeadershipTerm current = lead(client, "archiver-1");
            // as if etcd were restored from a snapshot older than the checkpoint: same epoch, higher revision stored
            assertThat(checkpoint.save(5_000, current.epoch(), current.revision() + 10_000)).isEqualTo(Saved.WRITTEN);
            assertThat(checkpoint.save(5_100, current.epoch(), current.revision())).isEqualTo(Saved.REFUSED);

            client.getKVClient().delete(ByteSequence.from("/election-epochs/" + ELECTION, StandardCharsets.UTF_8))
                    .get(5, TimeUnit.SECONDS); // the operator's remedy, then the leader is restarted
            LeadershipTerm next = lead(client, "archiver-2");

            assertThat(next.epoch()).isNotEqualTo(current.epoch());
            assertThat(checkpoint.claim(next.epoch(), next.revision())).hasValue(5_000);
            assertThat(checkpoint.save(5_200, next.epoch(), next.revision())).isEqualTo(Saved.WRITTEN);
            assertThat(checkpoint.save(5_300, current.epoch(), current.revision() + 10_000))
                    .isEqualTo(Saved.REFUSED);
        }
    }

    /** The same member, address and configuration on an empty data directory: a fresh etcd. */
    private static void rebuildEtcd() throws IOException {
        EtcdMember member = ETCD.member(0);
        member.stop();
        try (Stream<Path> files = Files.walk(member.dataDir())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        member.start();
    }

    /** Each put raises the revision by one. */
    private static void pushRevisions(Client client, int puts) throws Exception {
        ByteSequence key = ByteSequence.from("/config/filler", StandardCharsets.UTF_8);
        CompletableFuture.allOf(IntStream.range(0, puts)
                .mapToObj(i -> client.getKVClient().put(key, ByteSequence.from(Integer.toString(i),
                        StandardCharsets.UTF_8)))
                .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static long clusterId(Client client) throws Exception {
        return client.getKVClient().get(ByteSequence.from("/", StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)
                .getHeader().getClusterId();
    }

    /** Elects {@code candidate} alone and returns its term, then resigns: the term stays in the checkpoint. */
    private static LeadershipTerm lead(Client client, String candidate) {
        try (LeaderElection election = EtcdLeaderElection.start(client, ELECTION, candidate, TTL,
                new LeaderListener() {
                    @Override
                    public void revoked() {
                        // the test resigns on purpose
                    }
                })) {
            return await().atMost(Duration.ofSeconds(15)).until(() -> election.term().orElse(null),
                    term -> term != null);
        }
    }

    private static Client client() {
        return Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
    }

    private JsonObject stored() {
        return collection.get(CouchbaseCheckpoint.KEY).contentAsObject();
    }
}
