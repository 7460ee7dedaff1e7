package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Registration.State;
import dev.rsvpstack.discovery.RegistrationRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registration's state machine on a fake lease server, fake key transactions and a fake
 * monotonic clock. The same behaviour on a real etcd is in {@code EtcdDiscoveryIT} and
 * {@code EtcdRestartIT}.
 */
class EtcdRegistrationTest {
    private static final Duration TTL = Duration.ofSeconds(8);

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakeLeases leases = new FakeLeases(calls);
    private final FakeKeys keys = new FakeKeys();
    private final FakeClock clock = new FakeClock();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Reachability reachability = new Reachability("fake", new SimpleMeterRegistry());
    private EtcdRegistration registration;

    @AfterEach
    void close() {
        if (registration != null) {
            registration.close();
        }
    }

    private EtcdRegistration start() {
        RegistrationRequest request = RegistrationRequest.builder("memcached", "node-1", "10.0.0.1:11211")
                .ttl(TTL).probe(healthy::get, Duration.ofMillis(50)).build();
        EtcdSettings settings = new EtcdSettings(List.of(URI.create("http://fake:2379")), Map.of(), Debounce.OFF,
                Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));
        registration = new EtcdRegistration(keys, leases, clock, request, settings, reachability).start();
        return registration;
    }

    @Test
    void registers_the_key_under_a_fresh_lease() {
        start();

        await().until(() -> registration.state() == State.REGISTERED);
        assertThat(keys.holderLease).isEqualTo(0x100);
        assertThat(keys.value).isEqualTo("10.0.0.1:11211");
    }

    @Test
    void a_key_held_by_another_live_lease_is_waited_for_not_stolen() {
        keys.holderLease = 0x999;
        keys.value = "10.0.0.9:11211";
        start();

        await().until(() -> registration.state() == State.WAITING_FOR_KEY);
        assertThat(keys.value).isEqualTo("10.0.0.9:11211");

        keys.holderLease = 0; // the other lease expired

        await().until(() -> registration.state() == State.REGISTERED);
        assertThat(keys.value).isEqualTo("10.0.0.1:11211");
    }

    @Test
    void a_lease_etcd_no_longer_knows_is_replaced_and_the_key_claimed_again() {
        start();
        await().until(() -> registration.state() == State.REGISTERED);
        leases.keepAlive = FakeLeases.KeepAlive.LEASE_GONE;
        keys.holderLease = 0; // the key went with the lease

        clock.advance(TTL.dividedBy(3));

        await().until(() -> keys.holderLease == 0x101);
        assertThat(leases.granted).containsExactly(0x100L, 0x101L);
        await().until(() -> registration.state() == State.REGISTERED);
    }

    @Test
    void a_whole_ttl_without_an_answer_keeps_a_lease_that_etcd_still_has() {
        leases.keepAlive = FakeLeases.KeepAlive.UNREACHABLE;
        start();
        await().until(() -> registration.state() == State.REGISTERED);

        clock.advance(TTL.plusSeconds(1)); // etcd restarted; it keeps its leases
        leases.keepAlive = FakeLeases.KeepAlive.ACKNOWLEDGE;

        await().until(() -> keys.claims >= 2); // claimed again, found held by its own lease
        await().until(() -> registration.state() == State.REGISTERED);
        assertThat(leases.granted).containsExactly(0x100L);
    }

    @Test
    void a_failing_probe_withdraws_only_the_key_this_registration_created() {
        start();
        await().until(() -> registration.state() == State.REGISTERED);
        long created = keys.createRevision;

        healthy.set(false);

        await().until(() -> registration.state() == State.PROBE_FAILING);
        assertThat(keys.withdrawnAt).containsExactly(created);

        healthy.set(true);
        await().until(() -> registration.state() == State.REGISTERED);
    }

    @Test
    void closing_revokes_the_lease() {
        start();
        await().until(() -> registration.state() == State.REGISTERED);

        registration.close();

        assertThat(registration.state()).isEqualTo(State.CLOSED);
        assertThat(leases.revoked).containsExactly(0x100L);
        registration = null;
    }

    /** One key in memory, claimed and withdrawn as the real transactions do. */
    static final class FakeKeys implements RegistrationKeys {
        volatile long holderLease;
        volatile String value = "";
        volatile long createRevision;
        volatile int claims;
        final List<Long> withdrawnAt = new CopyOnWriteArrayList<>();
        private long revision = 10;

        @Override
        public synchronized CompletableFuture<Claim> claim(String key, String value, long leaseId) {
            claims++;
            if (holderLease == 0) {
                holderLease = leaseId;
                this.value = value;
                createRevision = ++revision;
                return CompletableFuture.completedFuture(new Claim(true, createRevision, leaseId, value));
            }
            return CompletableFuture.completedFuture(new Claim(false, createRevision, holderLease, this.value));
        }

        @Override
        public synchronized CompletableFuture<Void> withdraw(String key, long revision) {
            withdrawnAt.add(revision);
            if (revision == createRevision) {
                holderLease = 0;
                value = "";
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
