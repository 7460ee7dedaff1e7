package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What survives an etcd restart: watches (no change missed), registrations, and the last good snapshot. */
class EtcdRestartIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();

    private static Discovery discovery() {
        return EtcdDiscovery.builder().endpoints(ETCD.endpoints()).debounce(Debounce.OFF)
                .requestTimeout(Duration.ofSeconds(1)).build();
    }

    private static void put(String key, String value) throws Exception {
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build()) {
            etcd.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                    ByteSequence.from(value, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void watch_sees_a_change_made_after_an_etcd_restart() throws Exception {
        try (Discovery discovery = discovery()) {
            RecordingListener listener = new RecordingListener();
            put("/services/restarted/1", "10.0.0.1:80");
            discovery.watch("restarted", listener);
            await().until(() -> listener.count() == 1);

            ETCD.member(0).restart();
            put("/services/restarted/1", "10.0.0.2:80");

            await().atMost(Duration.ofSeconds(15)).until(() -> listener.lastAddresses().equals(List.of("10.0.0.2:80")));
            assertThat(listener.last().changes()).extracting(ServiceChange::kind).containsExactly(ChangeKind.MOVED);
        }
    }

    @Test
    void unreachable_etcd_serves_the_last_good_snapshot_and_says_so() throws Exception {
        try (Discovery discovery = discovery()) {
            put("/services/cached/1", "10.0.0.1:80");
            assertThat(discovery.lookup("cached").hostsAndPorts()).containsExactly("10.0.0.1:80");

            ETCD.member(0).stop();
            try {
                assertThat(discovery.lookup("cached").hostsAndPorts()).containsExactly("10.0.0.1:80");
                assertThat(discovery.state()).isEqualTo(ConnectionState.UNREACHABLE);
            } finally {
                ETCD.member(0).start();
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> discovery.state() == ConnectionState.CONNECTED);
        }
    }

    @Test
    void registration_survives_an_etcd_restart() throws Exception {
        try (Discovery discovery = discovery()) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("survivor", "1", "10.0.0.1:80").ttl(Duration.ofSeconds(3)).build());
            await().until(() -> registration.state() == Registration.State.REGISTERED);

            ETCD.member(0).restart();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(discovery.lookup("survivor").hostsAndPorts()).containsExactly("10.0.0.1:80");
                assertThat(discovery.state()).isEqualTo(ConnectionState.CONNECTED);
            });
            // And it is still kept alive: it outlives several TTLs after the restart.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> discovery.lookup("survivor").hostsAndPorts().equals(List.of("10.0.0.1:80")));
        }
    }
}
