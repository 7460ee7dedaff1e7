package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/** {@code /config/<application>/} of one etcd, as {@code spring.config.import=etcd:} resolved it. */
public final class EtcdConfigDataResource extends ConfigDataResource {
    private final String application;
    private final EtcdDiscoveryProperties properties;
    private final boolean optional;

    EtcdConfigDataResource(String application, EtcdDiscoveryProperties properties, boolean optional) {
        super(optional);
        this.application = ServiceKeys.requireName(application, "application (spring.application.name or etcd:<application>)");
        this.properties = properties;
        this.optional = optional;
    }

    public String application() {
        return application;
    }

    /** {@code optional:etcd:}: start without these values when etcd does not answer. */
    boolean optional() {
        return optional;
    }

    EtcdDiscoveryProperties properties() {
        return properties;
    }

    /** The property source's name, also how the running application finds it again. */
    public static String propertySourceName(String application) {
        return "etcd:" + ServiceKeys.configPrefix(application);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EtcdConfigDataResource other && application.equals(other.application)
                && properties.getEndpoints().equals(other.properties.getEndpoints());
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, properties.getEndpoints());
    }

    @Override
    public String toString() {
        return propertySourceName(application) + " at " + properties.getEndpoints();
    }
}
