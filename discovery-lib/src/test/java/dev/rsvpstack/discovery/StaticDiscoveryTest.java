package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {
    @Test
    void lookup_returns_the_configured_instances_with_default_ports() {
        StaticDiscovery discovery = StaticDiscovery.builder()
                .defaultPort("memcached", 11211)
                .service("memcached", "127.0.0.1", "127.0.0.1:11212")
                .build();

        assertThat(discovery.lookup("memcached").hostsAndPorts()).containsExactly("127.0.0.1:11211", "127.0.0.1:11212");
        assertThat(discovery.lookup("couchbase").isEmpty()).isTrue();
        assertThat(discovery.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void watch_delivers_the_snapshot_once() {
        StaticDiscovery discovery = StaticDiscovery.builder().service("couchbase", "127.0.0.1:11210").build();
        List<ServiceSnapshot> seen = new ArrayList<>();

        discovery.watch("couchbase", (snapshot, changes) -> seen.add(snapshot));

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).hostsAndPorts()).containsExactly("127.0.0.1:11210");
    }

    @Test
    void an_address_that_is_not_one_fails_at_build_naming_it() {
        assertThatThrownBy(() -> StaticDiscovery.builder().service("couchbase", "not an address").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not an address'").hasMessageContaining("couchbase");
    }
}
