package dev.rsvpstack.testkit.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A single real etcd member: it serves reads, writes and watches, and keeps its data across restarts. */
class EtcdExtensionIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();

    private final List<Client> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClientsAndBringTheMemberBack() {
        clients.forEach(Client::close);
        ETCD.startAll();
    }

    @Test
    void serves_on_a_free_loopback_port_with_its_data_under_target() {
        URI endpoint = ETCD.member(0).clientEndpoint();

        assertThat(ETCD.endpoints()).containsExactly(endpoint);
        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive().isNotEqualTo(2379);
        assertThat(ETCD.member(0).isRunning()).isTrue();
        assertThat(ETCD.member(0).dataDir())
                .startsWith(Path.of("target", "testkit", "etcd", "EtcdExtensionIT").toAbsolutePath());
        assertThat(Files.isDirectory(ETCD.member(0).dataDir().resolve("member"))).isTrue();
    }

    @Test
    void a_put_value_is_read_back() throws Exception {
        Client client = client();
        client.getKVClient().put(bytes("/it/single/put"), bytes("v1")).get(5, TimeUnit.SECONDS);

        assertThat(valueOf(client, "/it/single/put")).isEqualTo("v1");
    }

    @Test
    void delete_prefix_removes_the_keys_under_it_and_nothing_else() throws Exception {
        ETCD.put("/it/prefix/a", "1");
        ETCD.put("/it/prefix/b/c", "2");
        ETCD.put("/it/prefiy", "outside: the range end of /it/prefix/");
        Client client = client();

        ETCD.deletePrefix("/it/prefix/");

        assertThat(valueOf(client, "/it/prefix/a")).isNull();
        assertThat(valueOf(client, "/it/prefix/b/c")).isNull();
        assertThat(valueOf(client, "/it/prefiy")).isEqualTo("outside: the range end of /it/prefix/");
    }

    @Test
    void a_watch_sees_a_later_put() throws Exception {
        Client client = client();
        ByteSequence key = bytes("/it/single/watched");
        long revisionBeforePut = client.getKVClient().get(key).get(5, TimeUnit.SECONDS).getHeader().getRevision();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        WatchOption fromNextRevision = WatchOption.builder().withRevision(revisionBeforePut + 1).build();

        Watch.Watcher watcher = client.getWatchClient()
                .watch(key, fromNextRevision, response -> events.addAll(response.getEvents()));
        try {
            client.getKVClient().put(key, bytes("seen")).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                    .singleElement()
                    .satisfies(event -> {
                        assertThat(event.getEventType()).isEqualTo(WatchEvent.EventType.PUT);
                        assertThat(event.getKeyValue().getValue().toString(UTF_8)).isEqualTo("seen");
                    }));
        } finally {
            watcher.close();
        }
    }

    @Test
    void a_value_written_before_a_stop_is_there_after_restart() throws Exception {
        client().getKVClient().put(bytes("/it/single/durable"), bytes("kept")).get(5, TimeUnit.SECONDS);

        ETCD.member(0).stop();
        assertThat(ETCD.member(0).isRunning()).isFalse();
        ETCD.member(0).restart();

        assertThat(ETCD.member(0).isRunning()).isTrue();
        assertThat(valueOf(client(), "/it/single/durable")).isEqualTo("kept");
    }

    @Test
    void a_value_acknowledged_before_a_kill_is_there_after_restart() throws Exception {
        client().getKVClient().put(bytes("/it/single/killed"), bytes("fsynced")).get(5, TimeUnit.SECONDS);

        ETCD.member(0).kill();
        assertThat(ETCD.member(0).isRunning()).isFalse();
        assertThat(ETCD.member(0).isHealthy()).isFalse();
        ETCD.member(0).start();

        assertThat(valueOf(client(), "/it/single/killed")).isEqualTo("fsynced");
    }

    /** A new client for the current member; closed after the test. */
    private Client client() {
        Client client = Client.builder().endpoints(ETCD.endpoints()).build();
        clients.add(client);
        return client;
    }

    private static String valueOf(Client client, String key) throws Exception {
        List<KeyValue> kvs = client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(UTF_8);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, UTF_8);
    }
}
