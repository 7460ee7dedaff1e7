package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.etcd.EtcdMember;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 3-member cluster losing its leader: watches and registrations carry on, nothing reconfigures. */
class EtcdClusterFailoverIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);

    @Test
    void killing_the_leader_causes_no_spurious_reconfiguration() throws Exception {
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).debounce(Debounce.OFF)
                .requestTimeout(Duration.ofSeconds(2)).build()) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("clustered", "1", "10.0.0.1:80").ttl(Duration.ofSeconds(4)).build());
            await().until(() -> registration.state() == Registration.State.REGISTERED);
            RecordingListener listener = new RecordingListener();
            discovery.watch("clustered", listener);
            await().until(() -> listener.count() == 1);

            EtcdMember leader = leader();
            leader.kill();
            try {
                // Well past the lease's TTL: the keep-alive carried on through the election.
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                        .until(() -> listener.count() == 1);
                assertThat(discovery.lookup("clustered").hostsAndPorts()).containsExactly("10.0.0.1:80");
                assertThat(registration.state()).isEqualTo(Registration.State.REGISTERED);
            } finally {
                leader.start();
            }
        }
    }

    private static EtcdMember leader() throws Exception {
        try (Client client = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build()) {
            for (EtcdMember member : ETCD.members()) {
                StatusResponse status = client.getMaintenanceClient()
                        .statusMember(member.clientEndpoint().toString()).get(5, TimeUnit.SECONDS);
                if (status.getLeader() == status.getHeader().getMemberId()) {
                    return member;
                }
            }
        }
        throw new IllegalStateException("no leader among " + ETCD.endpoints());
    }
}
