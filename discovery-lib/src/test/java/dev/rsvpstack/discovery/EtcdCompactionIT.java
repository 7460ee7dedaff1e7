package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.etcd.EtcdMember;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A watch that resumes at a revision the cluster compacted meanwhile: jetcd gives up on it, and
 * discovery must list the prefix again rather than go deaf.
 */
class EtcdCompactionIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);

    @Test
    void watch_resumed_past_a_compaction_lists_again_and_sees_what_changed() throws Exception {
        EtcdMember watched = ETCD.member(0);
        List<URI> others = List.of(ETCD.member(1).clientEndpoint(), ETCD.member(2).clientEndpoint());
        try (Client writer = Client.builder().endpoints(others.toArray(URI[]::new)).build();
             Discovery discovery = EtcdDiscovery.builder().endpoints(List.of(watched.clientEndpoint()))
                     .debounce(Debounce.OFF).requestTimeout(Duration.ofSeconds(2)).build()) {
            put(writer, "/services/compacted/1", "10.0.0.1:80");
            RecordingListener listener = new RecordingListener();
            discovery.watch("compacted", listener);
            await().until(() -> listener.count() == 1);

            watched.stop();
            long revision = 0;
            for (int i = 2; i <= 5; i++) {
                revision = put(writer, "/services/compacted/1", "10.0.0." + i + ":80");
            }
            writer.getKVClient().compact(revision).get(10, TimeUnit.SECONDS);
            watched.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> listener.lastAddresses().equals(List.of("10.0.0.5:80")));
            assertThat(listener.last().changes()).as("a re-list reports no individual changes").isEmpty();

            put(writer, "/services/compacted/2", "10.0.1.1:80");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.last().snapshot().instances().size() == 2);
        }
    }

    private static long put(Client client, String key, String value) throws Exception {
        return client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                ByteSequence.from(value, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }
}
