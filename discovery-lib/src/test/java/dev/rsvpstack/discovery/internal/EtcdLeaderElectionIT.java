package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archiver's active/standby pair against a real etcd: who leads, how fast a standby takes over
 * when the leader leaves or dies, and that a leader steps down before its lease could expire.
 */
class EtcdLeaderElectionIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();

    /** Short, so a dead leader's lease expires quickly; etcd's own minimum is about 2 s. */
    private static final Duration TTL = Duration.ofSeconds(3);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String election;
    private Client reader;

    @BeforeEach
    void nameTheElection(TestInfo test) {
        election = test.getTestMethod().orElseThrow().getName().replace('_', '-');
        reader = client();
    }

    @AfterEach
    void closeEverything() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // already closed on purpose by the test
            }
        }
    }

    @Test
    void a_single_candidate_becomes_leader_and_its_key_names_it() throws Exception {
        Recorder a = new Recorder();
        LeaderElection election = start(client(), "archiver-a", TTL, a);

        await().atMost(Duration.ofSeconds(10)).until(election::isLeader);

        awaitEvents(a, "elected");
        assertThat(keys()).extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8))
                .containsExactly("archiver-a");
        assertThat(keys()).extracting(kv -> kv.getKey().toString(StandardCharsets.UTF_8))
                .allMatch(key -> key.startsWith("/elections/" + this.election + "/"));
    }

    @Test
    void every_term_on_one_etcd_carries_the_epoch_stored_in_it() throws Exception {
        LeaderElection first = start(client(), "archiver-a", TTL, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
        LeadershipTerm firstTerm = first.term().orElseThrow();
        first.close();
        LeaderElection second = start(client(), "archiver-b", TTL, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(second::isLeader);

        LeadershipTerm secondTerm = second.term().orElseThrow();

        assertThat(firstTerm.epoch()).isNotEmpty().isEqualTo(secondTerm.epoch());
        assertThat(secondTerm.revision()).isGreaterThan(firstTerm.revision());
        ByteSequence epochKey = ByteSequence.from(EtcdElectionApi.EPOCH_ROOT + election, StandardCharsets.UTF_8);
        assertThat(reader.getKVClient().get(epochKey).get(5, TimeUnit.SECONDS).getKvs())
                .extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8)).containsExactly(firstTerm.epoch());
    }

    @Test
    void a_second_candidate_waits_as_standby() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        LeaderElection leader = start(client(), "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);

        LeaderElection standby = start(client(), "archiver-b", TTL, b);

        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2); // b is queued behind a
        // longer than a TTL: a's keep-alive holds the lead, b must not be elected meanwhile
        await().during(TTL.plusSeconds(1)).atMost(TTL.plusSeconds(3)).until(() -> leader.isLeader() && !standby.isLeader());
        assertThat(b.events()).isEmpty();
    }

    @Test
    void closing_the_leader_hands_over_to_the_standby_at_once() throws Exception {
        Duration longTtl = Duration.ofSeconds(10); // a handover faster than this cannot be lease expiry
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        LeaderElection leader = start(client(), "archiver-a", longTtl, a);
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        LeaderElection standby = start(client(), "archiver-b", longTtl, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);

        long closing = System.nanoTime();
        leader.close();

        await().atMost(Duration.ofSeconds(3)).until(standby::isLeader);
        awaitEvents(a, "elected", "revoked");
        awaitEvents(b, "elected");
        // the old leader stopped its work before the new one started
        assertThat(a.lastAt("revoked")).isLessThan(b.lastAt("elected"));
        assertThat(b.lastAt("elected") - closing).isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThat(keys()).extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8))
                .containsExactly("archiver-b");
    }

    @Test
    void a_term_is_named_by_the_leader_keys_create_revision_and_the_next_term_is_later() throws Exception {
        LeaderElection leader = start(client(), "archiver-a", TTL, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        LeaderElection standby = start(client(), "archiver-b", TTL, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);
        LeadershipTerm first = leader.term().orElseThrow();
        assertThat(first.revision()).isEqualTo(keys().get(0).getCreateRevision());
        assertThat(standby.term()).isEmpty();

        leader.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> standby.term().isPresent());

        LeadershipTerm second = standby.term().orElseThrow();
        assertThat(second.candidateId()).isEqualTo("archiver-b");
        assertThat(second.revision()).isGreaterThan(first.revision()).isEqualTo(keys().get(0).getCreateRevision());
        assertThat(leader.holds(first)).isFalse();
        assertThat(standby.holds(second)).isTrue();
    }

    @Test
    void a_dead_leader_is_replaced_within_the_ttl() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Client leadersClient = client();
        LeaderElection leader = start(leadersClient, "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        LeaderElection standby = start(client(), "archiver-b", TTL, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);

        // the leader's process dies: its connection goes, nobody revokes or resigns anything
        long death = System.nanoTime();
        leadersClient.close();

        await().atMost(TTL.plusSeconds(2)).until(standby::isLeader);
        long takeover = b.lastAt("elected") - death;
        assertThat(takeover).as("takeover %d ms", TimeUnit.NANOSECONDS.toMillis(takeover))
                .isLessThan(TTL.plusSeconds(2).toNanos());
        // the dying leader stepped down at once, before the standby was elected
        awaitEvents(a, "elected", "revoked");
        assertThat(a.lastAt("revoked")).isLessThan(b.lastAt("elected"));
        assertThat(leader.isLeader()).isFalse();
    }

    @Test
    void a_leader_whose_lease_is_revoked_steps_down_and_queues_behind_the_standby() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        LeaderElection first = start(client(), "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
        LeaderElection second = start(client(), "archiver-b", TTL, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);

        Client operator = client();
        long leadersLease = keys().get(0).getLease(); // the oldest key leads
        operator.getLeaseClient().revoke(leadersLease).get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> second.isLeader() && !first.isLeader());
        awaitEvents(a, "elected", "revoked");
        // a campaigns again with a new lease, now behind b
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);
        assertThat(keys().get(1).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("archiver-a");
        assertThat(keys().get(1).getLease()).isNotEqualTo(leadersLease);

        second.close();

        await().atMost(Duration.ofSeconds(5)).until(first::isLeader);
        awaitEvents(a, "elected", "revoked", "elected");
    }

    @Test
    void a_leader_that_etcd_stops_answering_steps_down_before_its_lease_could_expire() throws Exception {
        Recorder a = new Recorder();
        LeaderElection election = start(client(), "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(election::isLeader);

        long frozen = System.nanoTime();
        ETCD.member(0).freeze(); // connections stay open, nothing answers: only the watchdog can tell
        try {
            await().atMost(TTL).until(() -> !election.isLeader());
            assertThat(a.lastAt("revoked") - frozen).isLessThan(TTL.toNanos());
        } finally {
            ETCD.member(0).thaw();
        }

        await().atMost(Duration.ofSeconds(20)).until(election::isLeader);
        awaitEvents(a, "elected", "revoked", "elected");
    }

    @Test
    void after_an_etcd_restart_the_only_candidate_is_leader_again() throws Exception {
        Recorder a = new Recorder();
        LeaderElection election = start(client(), "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(election::isLeader);

        ETCD.member(0).restart();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> election.isLeader() && keys().size() == 1);
        // whether or not it had to step down meanwhile, the calls pair up and end elected
        List<String> events = a.events();
        assertThat(events).endsWith("elected");
        assertThat(events.stream().filter("elected"::equals).count())
                .isEqualTo(events.stream().filter("revoked"::equals).count() + 1);
    }

    @Test
    void closing_a_standby_leaves_the_leader_alone_and_removes_its_key() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        LeaderElection leader = start(client(), "archiver-a", TTL, a);
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        LeaderElection standby = start(client(), "archiver-b", TTL, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 2);

        standby.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> keys().size() == 1);
        assertThat(leader.isLeader()).isTrue();
        awaitEvents(a, "elected");
        assertThat(b.events()).isEmpty();
    }

    @Test
    void invalid_arguments_are_rejected_before_anything_starts() throws Exception {
        Client client = client();
        Recorder r = new Recorder();

        assertThatThrownBy(() -> EtcdLeaderElection.start(client, "a/b", "x", TTL, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> EtcdLeaderElection.start(client, "archiver", " ", TTL, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> EtcdLeaderElection.start(client, "archiver", "x", Duration.ofMillis(500), r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private LeaderElection start(Client client, String candidate, Duration ttl, LeaderListener listener) {
        LeaderElection started = EtcdLeaderElection.start(client, election, candidate, ttl, listener);
        toClose.add(started);
        return started;
    }

    private Client client() {
        Client client = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
        toClose.add(client);
        return client;
    }

    /** The candidates' keys under this test's election, oldest (the leader) first. */
    private List<KeyValue> keys() throws Exception {
        ByteSequence prefix = ByteSequence.from("/elections/" + election + "/", StandardCharsets.UTF_8);
        return reader.getKVClient().get(prefix, GetOption.builder().isPrefix(true)
                        .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build())
                .get(5, TimeUnit.SECONDS).getKvs();
    }

    /** Records the listener's calls and when they happened. */
    /** Listeners are told on the election's own thread, a moment after {@code isLeader()} changes. */
    private static void awaitEvents(Recorder recorder, String... expected) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(recorder.events()).containsExactly(expected));
    }

    private static final class Recorder implements LeaderListener {
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final List<Long> times = new CopyOnWriteArrayList<>();

        @Override
        public void elected() {
            times.add(System.nanoTime());
            events.add("elected");
        }

        @Override
        public void revoked() {
            times.add(System.nanoTime());
            events.add("revoked");
        }

        List<String> events() {
            return List.copyOf(events);
        }

        long lastAt(String event) {
            int index = events.lastIndexOf(event);
            assertThat(index).as("a call of %s()", event).isNotNegative();
            return times.get(index);
        }
    }
}
