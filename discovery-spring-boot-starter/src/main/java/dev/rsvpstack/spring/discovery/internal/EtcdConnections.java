package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.EtcdEndpoints;
import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The one place {@code rsvp.discovery.*} becomes discovery-lib's builder: checked, with the property named in errors. */
public final class EtcdConnections {
    private EtcdConnections() {
    }

    /**
     * A builder for the configured etcd; {@code registry} may be null.
     *
     * @throws IllegalArgumentException naming the property that is wrong
     */
    public static EtcdDiscovery.Builder builder(EtcdDiscoveryProperties properties, MeterRegistry registry) {
        EtcdDiscovery.Builder builder = EtcdDiscovery.builder();
        try {
            builder.endpoints(EtcdEndpoints.parse(properties.getEndpoints()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rsvp.discovery.endpoints: " + e.getMessage(), e);
        }
        if (properties.getUsername() != null || properties.getPasswordFile() != null) {
            if (properties.getUsername() == null || properties.getPasswordFile() == null) {
                throw new IllegalArgumentException(
                        "rsvp.discovery.username and rsvp.discovery.password-file go together; one is missing");
            }
            builder.credentials(properties.getUsername(),
                    firstLine(properties.getPasswordFile(), "rsvp.discovery.password-file"));
        }
        if (properties.getCaCertificate() != null) {
            builder.tls(readable(properties.getCaCertificate(), "rsvp.discovery.ca-certificate"));
        }
        if (properties.getClientCertificate() != null || properties.getClientKey() != null) {
            if (properties.getClientCertificate() == null || properties.getClientKey() == null) {
                throw new IllegalArgumentException(
                        "rsvp.discovery.client-certificate and rsvp.discovery.client-key go together; one is missing");
            }
            builder.clientCertificate(readable(properties.getClientCertificate(), "rsvp.discovery.client-certificate"),
                    readable(properties.getClientKey(), "rsvp.discovery.client-key"));
        }
        builder.startupTimeout(properties.getStartupTimeout()).requestTimeout(properties.getRequestTimeout());
        try {
            builder.debounce(new Debounce(properties.getDebounceQuietPeriod(), properties.getDebounceMaxWait()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("rsvp.discovery.debounce-quiet-period / debounce-max-wait: "
                    + e.getMessage(), e);
        }
        if (registry != null) {
            builder.meterRegistry(registry);
        }
        return builder;
    }

    private static Path readable(Path file, String property) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(property + ": cannot read " + file.toAbsolutePath());
        }
        return file;
    }

    private static String firstLine(Path file, String property) {
        try {
            List<String> lines = Files.readAllLines(readable(file, property));
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalArgumentException(property + ": " + file.toAbsolutePath() + " is empty");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new IllegalArgumentException(property + ": cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
