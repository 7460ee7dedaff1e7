package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * {@code spring.config.import=etcd:} (the application is {@code spring.application.name}) or
 * {@code etcd:<application>}; {@code optional:etcd:} starts without etcd's values when etcd does not answer.
 */
public final class EtcdConfigDataLocationResolver implements ConfigDataLocationResolver<EtcdConfigDataResource> {
    static final String PREFIX = "etcd:";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<EtcdConfigDataResource> resolve(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        Binder binder = context.getBinder();
        String application = location.getNonPrefixedValue(PREFIX).strip();
        if (application.isEmpty()) {
            application = binder.bind("spring.application.name", String.class).orElseThrow(() ->
                    new IllegalStateException("spring.config.import=" + location + " reads /config/<application>/ and "
                            + "needs spring.application.name, or name the application: etcd:<application>"));
        }
        EtcdDiscoveryProperties properties = binder.bindOrCreate("rsvp.discovery", EtcdDiscoveryProperties.class);
        return List.of(new EtcdConfigDataResource(application, properties, location.isOptional()));
    }
}
