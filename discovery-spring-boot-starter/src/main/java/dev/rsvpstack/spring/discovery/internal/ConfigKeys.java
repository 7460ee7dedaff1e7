package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import dev.rsvpstack.discovery.ServiceKeys;
import java.util.Map;
import java.util.TreeMap;

/**
 * etcd keys to property names: {@code /config/<application>/<name>} is property {@code <name>}, and
 * deeper keys join their segments with dots, so {@code /config/shop/shop.greeting} and
 * {@code /config/shop/shop/greeting} are both {@code shop.greeting}.
 */
final class ConfigKeys {
    private ConfigKeys() {
    }

    static Map<String, Object> properties(KeyspaceListing listing, String application) {
        String prefix = ServiceKeys.configPrefix(application);
        Map<String, Object> properties = new TreeMap<>();
        for (KeyspaceEntry entry : listing.config()) {
            if (entry.key().startsWith(prefix) && entry.key().length() > prefix.length()) {
                String name = propertyName(entry.key().substring(prefix.length()));
                if (!name.isEmpty()) {
                    properties.put(name, entry.value());
                }
            }
        }
        return properties;
    }

    static String propertyName(String relativeKey) {
        StringBuilder name = new StringBuilder();
        for (String segment : relativeKey.split("/")) {
            if (!segment.isEmpty()) {
                name.append(name.length() == 0 ? "" : ".").append(segment);
            }
        }
        return name.toString();
    }
}
