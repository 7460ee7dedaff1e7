package dev.rsvpstack.testkit.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real three-member etcd cluster: it replicates, keeps serving with one member gone, and a killed
 * member that comes back on its data directory rejoins and catches up.
 */
class EtcdClusterIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    /** While a member is down a call may hang on its dead connection: give up early and try again. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

    private final List<Client> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClientsAndBringEveryMemberBack() {
        clients.forEach(Client::close);
        ETCD.startAll();
    }

    @Test
    void members_run_on_distinct_loopback_ports_and_data_dirs() {
        assertThat(ETCD.size()).isEqualTo(3);
        assertThat(ETCD.members()).allSatisfy(member -> assertThat(member.isHealthy()).isTrue());
        assertThat(ETCD.endpoints()).hasSize(3).doesNotHaveDuplicates()
                .allSatisfy(endpoint -> assertThat(endpoint.getHost()).isEqualTo("127.0.0.1"));
        assertThat(ETCD.members()).extracting(EtcdMember::peerEndpoint).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(ETCD.endpoints());
        assertThat(ETCD.members()).extracting(EtcdMember::dataDir).doesNotHaveDuplicates();
    }

    @Test
    void a_value_put_through_the_cluster_is_read_from_every_member() throws Exception {
        clientOf(ETCD.endpoints()).getKVClient().put(bytes("/it/cluster/replicated"), bytes("everywhere"))
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        for (EtcdMember member : ETCD.members()) {
            assertThat(linearizableRead(clientOf(List.of(member.clientEndpoint())), "/it/cluster/replicated",
                    CALL_TIMEOUT))
                    .as("read through %s", member)
                    .isEqualTo("everywhere");
        }
    }

    @Test
    void the_client_keeps_working_while_one_member_is_killed() throws Exception {
        Client client = clientOf(ETCD.endpoints());
        putAndReadBack(client, "/it/cluster/before-kill", "1", CALL_TIMEOUT);

        ETCD.member(0).kill();
        assertThat(ETCD.member(0).isRunning()).isFalse();

        // The request in flight to the killed member (or during an election if it led) may fail once.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .untilAsserted(() -> putAndReadBack(client, "/it/cluster/after-kill", "first", ATTEMPT_TIMEOUT));
        for (int i = 0; i < 5; i++) {
            putAndReadBack(client, "/it/cluster/after-kill-" + i, Integer.toString(i), CALL_TIMEOUT);
        }
    }

    @Test
    void killed_member_rejoins_after_restart() throws Exception {
        EtcdMember victim = ETCD.member(1);
        Client survivors = clientOf(ETCD.endpoints());
        putAndReadBack(survivors, "/it/cluster/written-before-kill", "old", CALL_TIMEOUT);

        victim.kill();
        assertThat(victim.isHealthy()).isFalse();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() ->
                putAndReadBack(survivors, "/it/cluster/written-while-down", "caught-up", ATTEMPT_TIMEOUT));

        victim.start();

        assertThat(victim.isRunning()).isTrue();
        Client victimOnly = clientOf(List.of(victim.clientEndpoint()));
        // A serializable read answers from the member's own store: the key is there once it has caught up.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(
                serializableRead(victimOnly, "/it/cluster/written-while-down")).isEqualTo("caught-up"));
    }

    @Test
    void a_stopped_member_restarts_on_the_same_endpoint() {
        EtcdMember member = ETCD.member(2);
        URI before = member.clientEndpoint();

        member.stop();
        assertThat(member.isRunning()).isFalse();
        member.restart();

        assertThat(member.clientEndpoint()).isEqualTo(before);
        assertThat(member.isHealthy()).isTrue();
    }

    private Client clientOf(List<URI> endpoints) {
        Client client = Client.builder().endpoints(endpoints).build();
        clients.add(client);
        return client;
    }

    private static void putAndReadBack(Client client, String key, String value, Duration timeout)
            throws Exception {
        client.getKVClient().put(bytes(key), bytes(value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(linearizableRead(client, key, timeout)).isEqualTo(value);
    }

    private static String linearizableRead(Client client, String key, Duration timeout) throws Exception {
        return valueOf(client.getKVClient().get(bytes(key)).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs());
    }

    private static String serializableRead(Client client, String key) throws Exception {
        return valueOf(client.getKVClient().get(bytes(key), GetOption.builder().withSerializable(true).build())
                .get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getKvs());
    }

    private static String valueOf(List<KeyValue> kvs) {
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(UTF_8);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, UTF_8);
    }
}
