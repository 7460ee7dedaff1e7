package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.EtcdEndpoints;
import dev.rsvpstack.discovery.KeyspaceReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Option;

/** How a subcommand reaches etcd; shared by every service that uses discovery. */
final class EtcdOptions {
    @Option(names = "--etcd-endpoints", defaultValue = "${env:RSVP_ETCD_ENDPOINTS}",
            description = "Comma-separated etcd client URLs, e.g. http://10.1.0.1:2379 (env RSVP_ETCD_ENDPOINTS).")
    String endpoints;

    @Option(names = "--etcd-gateway-of", defaultValue = "${env:RSVP_ETCD_GATEWAY_OF}",
            description = {"Instead of --etcd-endpoints: etcd is at the .1 address of this interface's network,",
                "the book's flannel convention (env RSVP_ETCD_GATEWAY_OF), e.g. eth0."})
    String gatewayOf;

    @Option(names = "--etcd-user", defaultValue = "${env:RSVP_ETCD_USER}",
            description = "etcd user, when etcd has authentication on (env RSVP_ETCD_USER).")
    String user;

    @Option(names = "--etcd-password-file", defaultValue = "${env:RSVP_ETCD_PASSWORD_FILE}",
            description = "File holding the etcd user's password (env RSVP_ETCD_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--etcd-ca", defaultValue = "${env:RSVP_ETCD_CA}",
            description = "CA certificate (PEM) for https endpoints (env RSVP_ETCD_CA).")
    Path ca;

    @Option(names = "--etcd-startup-timeout", defaultValue = "${env:RSVP_ETCD_STARTUP_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "How long to wait for etcd at start, all attempts together, the first included "
                    + "(env RSVP_ETCD_STARTUP_TIMEOUT; "
                    + "default 30s).")
    Duration startupTimeout;

    /** What a subcommand's validation checks: the endpoints and the start-up timeout, before anything connects. */
    void check() {
        if (startupTimeout == null || startupTimeout.isZero() || startupTimeout.isNegative()) {
            throw new IllegalArgumentException("--etcd-startup-timeout must be positive, was " + startupTimeout);
        }
        endpointList();
    }

    List<URI> endpointList() {
        if (gatewayOf != null && !gatewayOf.isBlank()) {
            return EtcdEndpoints.gatewayOf(gatewayOf, 2379);
        }
        if (endpoints == null || endpoints.isBlank()) {
            throw new IllegalArgumentException("no etcd: give --etcd-endpoints (RSVP_ETCD_ENDPOINTS) or "
                    + "--etcd-gateway-of (RSVP_ETCD_GATEWAY_OF)");
        }
        return EtcdEndpoints.parse(endpoints);
    }

    /**
     * Connects (waiting for etcd up to the start-up timeout).
     *
     * @param registry where discovery's meters go ({@code discovery.etcd.reachable},
     *                 {@code discovery.entries.invalid}): the registry the subcommand serves on
     *                 {@code /metrics}, so an operator sees them; required, so no subcommand can leave
     *                 them out by forgetting
     */
    Discovery connect(Map<String, Integer> defaultPorts, MeterRegistry registry) {
        return connect(defaultPorts, registry, Debounce.DEFAULT);
    }

    /** The same, with the watches' debounce: {@code lb-sync} applies every change at once ({@link Debounce#OFF}). */
    Discovery connect(Map<String, Integer> defaultPorts, MeterRegistry registry, Debounce debounce) {
        EtcdDiscovery.Builder builder = builder().meterRegistry(Objects.requireNonNull(registry, "registry"))
                .debounce(debounce);
        defaultPorts.forEach(builder::defaultPort);
        return builder.build();
    }

    /** A read-only view of the keys, for {@code status} (waiting for etcd like {@link #connect}). */
    KeyspaceReader reader() {
        return builder().buildReader();
    }

    private EtcdDiscovery.Builder builder() {
        EtcdDiscovery.Builder builder = EtcdDiscovery.builder().endpoints(endpointList()).startupTimeout(startupTimeout);
        if (user != null) {
            builder.credentials(user, Secrets.read(passwordFile, "--etcd-password-file"));
        }
        if (ca != null) {
            builder.tls(ca);
        }
        return builder;
    }
}
