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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdConfigIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    private static final ConfigKey<Duration> POLL = ConfigKey.duration("poll-interval", Duration.ofSeconds(5));
    private static final ConfigKey<Integer> LIMIT = ConfigKey.integer("latest-limit", 10);

    private static void put(Client etcd, String key, String value) throws Exception {
        etcd.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    @Test
    void typed_values_follow_etcd_and_an_invalid_value_keeps_the_last_good_one() throws Exception {
        try (Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
             Discovery discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).debounce(Debounce.OFF).build()) {
            put(etcd, "/config/web/latest-limit", "20");
            AtomicInteger notified = new AtomicInteger();
            Config config = discovery.config("web", List.of(POLL, LIMIT), changed -> notified.incrementAndGet());

            assertThat(config.get(LIMIT)).isEqualTo(20);
            assertThat(config.get(POLL)).isEqualTo(Duration.ofSeconds(5));

            put(etcd, "/config/web/poll-interval", "2s");
            await().until(() -> config.get(POLL).equals(Duration.ofSeconds(2)));
            int afterGoodValue = notified.get();
            assertThat(afterGoodValue).isPositive();

            put(etcd, "/config/web/poll-interval", "soon");
            put(etcd, "/config/web/latest-limit", "25"); // a later good write shows the bad one was processed
            await().until(() -> config.get(LIMIT) == 25);
            assertThat(config.get(POLL)).isEqualTo(Duration.ofSeconds(2));

            etcd.getKVClient().delete(bytes("/config/web/latest-limit")).get(5, TimeUnit.SECONDS);
            await().until(() -> config.get(LIMIT) == 10);
        }
    }
}
