package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.etcd.EtcdMember;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member cut off from its two peers while its clients still reach it (the peer links run through
 * relays the test cuts; the client links stay whole): the partial partition of a node that loses the
 * network to the other two machines while its local services still reach their local member.
 */
class EtcdPartitionIT {
    private static final Duration CUT_SEEN = Duration.ofSeconds(15);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.partitionableCluster(3);

    @AfterEach
    void healAndClear() {
        heal();
        ETCD.deletePrefix("/services/");
    }

    /** Heals every cut and waits until every member has the leader again. */
    private static void heal() {
        ETCD.heal();
        await().atMost(Duration.ofSeconds(30)).until(() -> ETCD.members().stream().allMatch(EtcdMember::isHealthy));
    }

    @Test
    void a_watch_on_a_member_cut_from_its_peers_delivers_a_put_made_through_the_majority() {
        try (Discovery discovery = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry())) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("memcached", listener);
            await().until(() -> listener.count() == 1);
            EtcdMember carrier = watchCarrier();

            ETCD.isolate(carrier);
            ETCD.putThrough(majority(carrier).get(0), "/services/memcached/moved", "10.0.0.9:11211");

            await().atMost(CUT_SEEN).until(() -> listener.lastAddresses().contains("10.0.0.9:11211"));
        }
    }

    @Test
    void a_hundred_puts_across_a_cut_are_each_delivered_once_and_in_order() {
        try (Discovery discovery = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry())) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("seq", listener);
            await().until(() -> listener.count() == 1);
            EtcdMember carrier = watchCarrier();
            EtcdMember writer = majority(carrier).get(0);

            CompletableFuture<Void> puts = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    if (i == 30) {
                        ETCD.isolate(carrier);
                    }
                    ETCD.putThrough(writer, "/services/seq/" + String.format("%03d", i), "10.0.1." + i + ":80");
                }
            });

            await().atMost(CUT_SEEN.plusSeconds(10)).until(() -> added(listener).size() >= 100);
            puts.join();
            assertThat(added(listener)).containsExactlyElementsOf(
                    IntStream.range(0, 100).mapToObj(i -> String.format("%03d", i)).toList());
        }
    }

    @Test
    void lookups_while_a_member_is_cut_return_the_majority_s_data_not_the_cut_member_s() {
        try (Discovery discovery = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry())) {
            ETCD.put("/services/couchbase/cb", "10.0.0.1");
            assertThat(discovery.lookup("couchbase").hostsAndPorts()).containsExactly("10.0.0.1:11210");
            EtcdMember cut = ETCD.member(0);
            ETCD.isolate(cut);
            ETCD.putThrough(majority(cut).get(0), "/services/couchbase/cb", "10.0.0.2");

            // Whichever member each read lands on, none returns the value the cut member still holds.
            for (int i = 0; i < 6; i++) {
                assertThat(discovery.lookup("couchbase").hostsAndPorts()).containsExactly("10.0.0.2:11210");
            }
        }
    }

    @Test
    void a_client_pinned_to_the_cut_member_says_it_has_no_quorum_and_catches_up_when_healed() {
        MeterRegistry registry = new SimpleMeterRegistry();
        EtcdMember pinned = ETCD.member(1);
        try (Discovery discovery = discovery(List.of(pinned.clientEndpoint()), registry)) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("couchbase", listener);
            await().until(() -> listener.count() == 1);
            assertThat(quorum(registry)).isEqualTo(1.0);

            ETCD.isolate(pinned);
            await().atMost(CUT_SEEN).until(() -> quorum(registry) == 0.0);
            assertThat(discovery.state()).isEqualTo(ConnectionState.NO_QUORUM);
            ETCD.putThrough(majority(pinned).get(0), "/services/couchbase/new", "10.0.0.7");
            // It keeps serving what it has.
            assertThat(discovery.lookup("couchbase").hostsAndPorts()).isEmpty();

            ETCD.heal();
            await().atMost(CUT_SEEN).until(() -> quorum(registry) == 1.0);
            await().atMost(CUT_SEEN).until(() -> listener.lastAddresses().contains("10.0.0.7:11210"));
            assertThat(discovery.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @Test
    void a_registration_keeps_its_key_while_the_leading_member_is_cut_off() {
        try (Discovery discovery = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry())) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("memcached", "m1", "10.0.0.5").ttl(Duration.ofSeconds(4)).build());
            await().until(() -> registration.state() == Registration.State.REGISTERED);
            // The hardest member to lose: the others first elect a new leader, and until then none
            // takes a keep-alive. The keep-alives go to every member in turn, so any cut hits some.
            EtcdMember cut = etcdLeader();
            EtcdMember observer = majority(cut).get(0);
            try (Discovery reader = discovery(List.of(observer.clientEndpoint()), new SimpleMeterRegistry())) {
                RecordingListener listener = new RecordingListener();
                reader.watch("memcached", listener);
                await().until(() -> listener.count() == 1);
                ETCD.isolate(cut);
                // Longer than the TTL: the keep-alives found a member with a leader, so the key never expired.
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                        .until(() -> listener.lastAddresses().equals(List.of("10.0.0.5:11211")));
                assertThat(listener.deliveries).hasSize(1);
            }
        }
    }

    @Test
    void while_the_leading_member_is_cut_off_one_candidate_at_most_holds_a_term_and_one_leads() {
        try (Discovery first = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry());
             Discovery second = discovery(ETCD.endpoints().stream().toList(), new SimpleMeterRegistry());
             LeaderElection a = first.leaderElection("partitioned", "a", Duration.ofSeconds(4), () -> { });
             LeaderElection b = second.leaderElection("partitioned", "b", Duration.ofSeconds(4), () -> { })) {
            List<LeaderElection> candidates = List.of(a, b);
            await().until(() -> candidates.stream().anyMatch(LeaderElection::isLeader));
            ETCD.isolate(etcdLeader());
            // The fence holds throughout: never two candidates holding a term at the same moment.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(20))
                    .until(() -> candidates.stream().filter(c -> c.term().isPresent()).count() <= 1);
            // And the election goes on: its keep-alives and campaigns reach members with a leader.
            await().atMost(CUT_SEEN).until(() -> candidates.stream().anyMatch(c -> c.term().isPresent()));
        }
    }

    private static EtcdMember etcdLeader() {
        await().until(() -> ETCD.members().stream().filter(EtcdMember::isLeader).count() == 1);
        return ETCD.members().stream().filter(EtcdMember::isLeader).findFirst().orElseThrow();
    }

    private static Discovery discovery(List<java.net.URI> endpoints, MeterRegistry registry) {
        return EtcdDiscovery.builder().endpoints(endpoints).debounce(Debounce.OFF)
                .defaultPort("couchbase", 11210).defaultPort("memcached", 11211)
                .requestTimeout(Duration.ofSeconds(2)).meterRegistry(registry).build();
    }

    private static double quorum(MeterRegistry registry) {
        return registry.get("discovery.etcd.quorum").gauge().value();
    }

    /** The one member that serves a watcher now. */
    private static EtcdMember watchCarrier() {
        await().until(() -> ETCD.members().stream().filter(member -> member.watchers() > 0).count() == 1);
        return ETCD.members().stream().filter(member -> member.watchers() > 0).findFirst().orElseThrow();
    }

    private static List<EtcdMember> majority(EtcdMember cut) {
        return ETCD.members().stream().filter(member -> member != cut).toList();
    }

    private static List<String> added(RecordingListener listener) {
        return listener.deliveries.stream().flatMap(delivery -> delivery.changes().stream())
                .filter(change -> change.kind() == ChangeKind.ADDED).map(ServiceChange::instanceId).toList();
    }
}
