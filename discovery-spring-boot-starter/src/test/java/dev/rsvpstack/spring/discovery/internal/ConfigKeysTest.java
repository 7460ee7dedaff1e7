package dev.rsvpstack.spring.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    @Test
    void keys_under_the_application_become_properties_and_deeper_segments_join_with_dots() {
        KeyspaceListing listing = new KeyspaceListing(7, List.of(), List.of(), List.of(
                entry("/config/shop/shop.greeting", "hello"),
                entry("/config/shop/shop/max-items", "5"),
                entry("/config/shop//shop/odd", "x"),
                entry("/config/shopping/shop.greeting", "not ours"),
                entry("/config/shop/", "the prefix itself")));

        assertThat(ConfigKeys.properties(listing, "shop"))
                .isEqualTo(Map.of("shop.greeting", "hello", "shop.max-items", "5", "shop.odd", "x"));
    }

    private static KeyspaceEntry entry(String key, String value) {
        return new KeyspaceEntry(key, value, 1, Optional.empty());
    }
}
