package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** discovery-lib against one real etcd member. Each test uses its own service names. */
class EtcdDiscoveryIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    private static Client etcd;

    @BeforeAll
    static void connectRawClient() {
        etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
    }

    @AfterAll
    static void closeRawClient() {
        etcd.close();
    }

    private static Discovery discovery(Debounce debounce) {
        return EtcdDiscovery.builder().endpoints(ETCD.endpoints()).defaultPort("memcached", 11211)
                .defaultPort("couchbase", 11210).debounce(debounce).requestTimeout(Duration.ofSeconds(2)).build();
    }

    private static void put(String key, String value) throws Exception {
        etcd.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS);
    }

    private static void delete(String key) throws Exception {
        etcd.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    @Test
    void lookup_reads_every_address_form_and_ignores_garbage() throws Exception {
        put("/services/memcached/1", "10.1.35.2");
        put("/services/memcached/2", "10.1.57.2:11212");
        put("/services/memcached/3", "[fd00::3]:11213");
        put("/services/memcached/4", "not an address");
        put("/services/memcached/5/deeper", "10.1.1.9");
        put("/services/memcachedx/1", "10.9.9.9");
        try (Discovery discovery = discovery(Debounce.OFF)) {
            ServiceSnapshot snapshot = discovery.lookup("memcached");

            assertThat(snapshot.hostsAndPorts())
                    .containsExactly("10.1.35.2:11211", "10.1.57.2:11212", "[fd00::3]:11213");
            assertThat(snapshot.instances()).extracting(ServiceInstance::id).containsExactly("1", "2", "3");
            assertThat(discovery.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @Test
    void lookup_all_groups_every_service_in_one_read() throws Exception {
        put("/services/all-a/1", "10.2.0.1:80");
        put("/services/all-a/2", "10.2.0.2:80");
        put("/services/all-b/1", "[fd00::1]:81");
        put("/services/stray", "10.2.0.9:80");
        try (Discovery discovery = discovery(Debounce.OFF)) {
            var all = discovery.lookupAll();

            assertThat(all.get("all-a").hostsAndPorts()).containsExactly("10.2.0.1:80", "10.2.0.2:80");
            assertThat(all.get("all-b").hostsAndPorts()).containsExactly("[fd00::1]:81");
            assertThat(all).doesNotContainKey("stray");
        }
    }

    @Test
    void watch_classifies_added_moved_refreshed_and_removed() throws Exception {
        try (Discovery discovery = discovery(Debounce.OFF)) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("classify", listener);
            await().until(() -> listener.count() == 1);
            assertThat(listener.last().snapshot().isEmpty()).isTrue();

            put("/services/classify/1", "10.0.0.1:80");
            await().until(() -> listener.count() == 2);
            assertThat(listener.last().changes()).extracting(ServiceChange::kind).containsExactly(ChangeKind.ADDED);

            put("/services/classify/1", "10.0.0.1:80"); // REFRESHED: no delivery
            put("/services/classify/1", "10.0.0.2:80");
            await().until(() -> listener.count() == 3);
            assertThat(listener.last().changes()).singleElement().satisfies(change -> {
                assertThat(change.kind()).isEqualTo(ChangeKind.MOVED);
                assertThat(change.previousValue()).isEqualTo("10.0.0.1:80");
                assertThat(change.value()).isEqualTo("10.0.0.2:80");
            });

            delete("/services/classify/1");
            await().until(() -> listener.count() == 4);
            assertThat(listener.last().changes()).extracting(ServiceChange::kind).containsExactly(ChangeKind.REMOVED);
            assertThat(listener.last().snapshot().isEmpty()).isTrue();
        }
    }

    @Test
    void twenty_changes_in_a_second_cause_at_most_two_reconfigurations() throws Exception {
        try (Discovery discovery = discovery(new Debounce(Duration.ofMillis(500), Duration.ofSeconds(5)))) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("flapping", listener);
            await().until(() -> listener.count() == 1);

            for (int i = 0; i < 20; i++) {
                put("/services/flapping/1", "10.0.0." + (i + 1) + ":80");
            }

            // the first change at once (leading edge), the rest folded into one after the quiet period
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastAddresses().equals(List.of("10.0.0.20:80")));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> listener.lastAddresses().equals(List.of("10.0.0.20:80")));
            assertThat(listener.count()).isBetween(2, 3);
            assertThat(listener.deliveries.stream().mapToInt(d -> d.changes().size()).sum()).isEqualTo(20);
        }
    }

    @Test
    void lease_expiry_is_removed_within_ttl_plus_two_seconds() throws Exception {
        try (Discovery discovery = discovery(Debounce.OFF)) {
            RecordingListener listener = new RecordingListener();
            long lease = etcd.getLeaseClient().grant(2).get(5, TimeUnit.SECONDS).getID();
            etcd.getKVClient().put(bytes("/services/expiring/1"), bytes("10.0.0.1:80"),
                    PutOption.builder().withLeaseId(lease).build()).get(5, TimeUnit.SECONDS);
            discovery.watch("expiring", listener);
            await().until(() -> listener.count() == 1);
            assertThat(listener.lastAddresses()).containsExactly("10.0.0.1:80");

            await().atMost(Duration.ofSeconds(4)).until(() -> listener.count() == 2);
            assertThat(listener.last().changes()).extracting(ServiceChange::kind).containsExactly(ChangeKind.REMOVED);
        }
    }

    @Test
    void registration_announces_under_a_lease_and_close_removes_it_at_once() throws Exception {
        try (Discovery discovery = discovery(Debounce.OFF)) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("announced", listener);
            Registration registration = discovery.register(
                    RegistrationRequest.builder("announced", "1", "10.0.0.7:3000").ttl(Duration.ofSeconds(3)).build());

            await().until(() -> listener.lastAddresses().equals(List.of("10.0.0.7:3000")));
            // the registrant's state follows its own etcd call, a moment after other clients see the change
            await().untilAsserted(() -> assertThat(registration.state()).isEqualTo(Registration.State.REGISTERED));
            assertThat(etcd.getKVClient().get(bytes("/services/announced/1")).get().getKvs().get(0).getLease())
                    .isNotZero();

            registration.close();

            await().atMost(Duration.ofSeconds(2)).until(() -> listener.last().snapshot().isEmpty());
        }
    }

    @Test
    void a_key_held_by_another_live_lease_is_not_stolen() throws Exception {
        try (Discovery first = discovery(Debounce.OFF); Discovery second = discovery(Debounce.OFF)) {
            Registration holder = first.register(
                    RegistrationRequest.builder("contended", "1", "10.0.0.1:80").ttl(Duration.ofSeconds(3)).build());
            await().until(() -> holder.state() == Registration.State.REGISTERED);

            Registration newcomer = second.register(RegistrationRequest.builder("contended", "1", "10.0.0.2:80")
                    .ttl(Duration.ofSeconds(3)).probe(HealthProbes.always(), Duration.ofMillis(300)).build());

            await().until(() -> newcomer.state() == Registration.State.WAITING_FOR_KEY);
            assertThat(first.lookup("contended").hostsAndPorts()).containsExactly("10.0.0.1:80");

            holder.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> newcomer.state() == Registration.State.REGISTERED);
            assertThat(first.lookup("contended").hostsAndPorts()).containsExactly("10.0.0.2:80");
        }
    }

    @Test
    void failing_health_probe_withdraws_the_key_until_it_passes() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (Discovery discovery = discovery(Debounce.OFF)) {
            Registration registration = discovery.register(RegistrationRequest.builder("probed", "1", "10.0.0.1:80")
                    .ttl(Duration.ofSeconds(3)).probe(healthy::get, Duration.ofMillis(200)).build());
            await().until(() -> discovery.lookup("probed").hostsAndPorts().equals(List.of("10.0.0.1:80")));

            healthy.set(false);
            await().until(() -> discovery.lookup("probed").isEmpty());
            // the registrant's state follows its own etcd call, a moment after other clients see the change
            await().untilAsserted(() -> assertThat(registration.state()).isEqualTo(Registration.State.PROBE_FAILING));

            healthy.set(true);
            await().until(() -> discovery.lookup("probed").hostsAndPorts().equals(List.of("10.0.0.1:80")));
            // the registrant's state follows its own etcd call, a moment after other clients see the change
            await().untilAsserted(() -> assertThat(registration.state()).isEqualTo(Registration.State.REGISTERED));
        }
    }

    @Test
    void leader_election_through_discovery_hands_over_when_the_leader_closes() {
        try (Discovery first = discovery(Debounce.OFF); Discovery second = discovery(Debounce.OFF)) {
            AtomicBoolean firstLeads = new AtomicBoolean();
            AtomicBoolean secondLeads = new AtomicBoolean();
            LeaderElection leader = first.leaderElection("archiver", "host-a", Duration.ofSeconds(3),
                    listener(firstLeads));
            await().until(firstLeads::get);
            LeaderElection standby = second.leaderElection("archiver", "host-b", Duration.ofSeconds(3),
                    listener(secondLeads));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !secondLeads.get());

            leader.close();

            await().atMost(Duration.ofSeconds(2)).until(secondLeads::get);
            assertThat(firstLeads).isFalse();
            assertThat(standby.isLeader()).isTrue();
        }
    }

    private static LeaderListener listener(AtomicBoolean leading) {
        return new LeaderListener() {
            @Override
            public void elected() {
                leading.set(true);
            }

            @Override
            public void revoked() {
                leading.set(false);
            }
        };
    }

    @Test
    void etcd_that_never_answers_fails_start_with_one_clear_error() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next());

        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(nowhere))
                .requestTimeout(Duration.ofMillis(300)).retryDelay(Duration.ofMillis(100))
                .startupTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(nowhere.toString()).hasMessageContaining("did not answer within PT1S");
    }

    @Test
    void a_startup_timeout_shorter_than_the_request_timeout_bounds_the_whole_wait() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next());
        long start = System.nanoTime();

        // the default request timeout, 5 s: the first attempt used to wait all of it
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(nowhere))
                .startupTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("etcd at [" + nowhere + "]").hasMessageContaining("did not answer within PT1S");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        System.out.println("build() with a 1 s start-up timeout gave up after " + took.toMillis() + " ms");
        assertThat(took).as("well under the 5 s request timeout").isLessThan(Duration.ofMillis(3_500));
    }

    @Test
    void a_static_fallback_leaves_no_discovery_meters_claiming_etcd_answers() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        EtcdDiscovery.builder().endpoints(List.of(nowhere)).requestTimeout(Duration.ofMillis(300))
                .retryDelay(Duration.ofMillis(100)).startupTimeout(Duration.ofSeconds(1)).meterRegistry(registry)
                .staticFallback(StaticDiscovery.builder().service("couchbase", "127.0.0.1:11210").build()).build();

        assertThat(registry.find("discovery.etcd.reachable").meters()).isEmpty();
        assertThat(registry.find("discovery.entries.invalid").meters()).isEmpty();
    }

    @Test
    void garbage_under_a_watched_key_is_counted_on_the_registry_given_to_the_builder() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).meterRegistry(registry)
                .debounce(Debounce.OFF).build()) {
            RecordingListener listener = new RecordingListener();
            discovery.watch("metered", listener);
            assertThat(registry.get("discovery.etcd.reachable").gauge().value()).isEqualTo(1.0);
            double before = registry.get("discovery.entries.invalid").counter().count();

            put("/services/metered/1", "not an address");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get("discovery.entries.invalid").counter().count() == before + 1);
        } finally {
            delete("/services/metered/1");
        }
    }

    @Test
    void etcd_that_never_answers_falls_back_to_static_discovery_when_configured() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next());
        StaticDiscovery fallback = StaticDiscovery.builder().service("couchbase", "127.0.0.1:11210").build();

        Discovery discovery = EtcdDiscovery.builder().endpoints(List.of(nowhere))
                .requestTimeout(Duration.ofMillis(300)).retryDelay(Duration.ofMillis(100))
                .startupTimeout(Duration.ofSeconds(1)).staticFallback(fallback).build();

        assertThat(discovery).isSameAs(fallback);
        assertThat(discovery.lookup("couchbase").hostsAndPorts()).containsExactly("127.0.0.1:11210");
    }
}
