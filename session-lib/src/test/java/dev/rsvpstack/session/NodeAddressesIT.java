package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes given as IP literals, as the web builds them from etcd values (and as a Spring application
 * parses "10.0.0.5:11211"): xmemcached's reverse lookup must not rename them on the ring, neither for
 * the store nor for another store given the same address objects. Found by the Spring Boot consumer:
 * every key of the second instance went to another node, or to none.
 */
class NodeAddressesIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);

    @Test
    void two_stores_given_the_same_ip_literal_addresses_agree_on_every_key() throws Exception {
        List<InetSocketAddress> nodes = MEMCACHED.addresses().stream()
                .map(node -> new InetSocketAddress("127.0.0.1", node.getPort())).toList();
        try (MemcachedSessionStore writer = SessionStores.memcached(TestSettings.patient(nodes).build());
             MemcachedSessionStore reader = SessionStores.memcached(TestSettings.patient(nodes).build())) {
            SessionCookie cookie = new SessionCookie(null, null, false, true, null, "/", null);
            for (int i = 0; i < 50; i++) {
                SessionRecord record = new SessionRecord("address-test-" + i, cookie, Map.of("n", i));
                assertThat(writer.save(record, SessionChanges.whole(), Duration.ofMinutes(5)).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS)).as("stored " + i).isTrue();
                assertThat(reader.load("address-test-" + i).toCompletableFuture().get(5, TimeUnit.SECONDS))
                        .as("read back by the other store: " + i).isPresent();
            }
        }
        assertThat(nodes).allSatisfy(node -> assertThat(MemcachedSettings.serverString(node)).startsWith("127.0.0.1:"));
    }
}
