package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.KeyspaceReader;
import java.util.List;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code /config/<application>/} once, at start-up, with a short-lived connection; the running
 * application's {@link ConfigWatcher} keeps the property source current afterwards.
 */
public final class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {
    @Override
    public ConfigData load(ConfigDataLoaderContext context, EtcdConfigDataResource resource) {
        try (KeyspaceReader reader = EtcdConnections.builder(resource.properties(), null).buildReader()) {
            var values = ConfigKeys.properties(reader.read(), resource.application());
            return new ConfigData(List.of(new MapPropertySource(
                    EtcdConfigDataResource.propertySourceName(resource.application()), values)));
        } catch (DiscoveryException e) {
            if (resource.optional()) {
                throw new ConfigDataResourceNotFoundException(resource, e);
            }
            throw new IllegalStateException("spring.config.import: could not read " + resource + ": " + e.getMessage()
                    + " (use optional:etcd: to start without it)", e);
        }
    }
}
