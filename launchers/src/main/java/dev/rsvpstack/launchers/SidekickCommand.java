package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.StaticDiscovery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rsvp-stack sidekick}: what listings 6.2 and 6.4 did with a bash loop around
 * {@code etcdctl set --ttl 8}, with an etcd v3 lease, and only while the service answers.
 */
@Command(name = "sidekick", mixinStandardHelpOptions = true,
        header = "Announces a service in etcd while its probe passes.",
        description = {"Announces /services/<service>/<instance> = <address> in etcd under a lease, only while a",
            "health probe of the service passes; revokes it on SIGTERM."})
final class SidekickCommand implements Callable<Integer>, Validated {
    private static final Logger LOG = LoggerFactory.getLogger(SidekickCommand.class);

    /** The ports a probe uses when the address names none: KV/REST for Couchbase, the memcached port. */
    static final Map<String, Integer> DEFAULT_PORTS = Map.of("couchbase", 11210, "memcached", 11211);

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--service", required = true, defaultValue = "${env:RSVP_SIDEKICK_SERVICE}",
            description = "Service name, e.g. memcached or couchbase (env RSVP_SIDEKICK_SERVICE).")
    String service;

    @Option(names = "--instance", required = true, defaultValue = "${env:RSVP_SIDEKICK_INSTANCE}",
            description = "Instance id, e.g. the unit's %%i (env RSVP_SIDEKICK_INSTANCE).")
    String instance;

    @Option(names = "--address", required = true, defaultValue = "${env:RSVP_SIDEKICK_ADDRESS}",
            description = "What to announce: host, host:port or [v6]:port (env RSVP_SIDEKICK_ADDRESS).")
    String address;

    @Option(names = "--probe", defaultValue = "${env:RSVP_SIDEKICK_PROBE:-tcp}",
            description = "tcp, memcached (its version command) or couchbase (REST /pools) "
                    + "(env RSVP_SIDEKICK_PROBE; default ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--probe-address", defaultValue = "${env:RSVP_SIDEKICK_PROBE_ADDRESS}",
            description = "host:port to probe when it differs from --address, e.g. Couchbase's REST port 8091 "
                    + "(env RSVP_SIDEKICK_PROBE_ADDRESS).")
    String probeAddress;

    @Option(names = "--ttl", defaultValue = "${env:RSVP_SIDEKICK_TTL:-8s}", converter = DurationConverter.class,
            description = "Lease TTL, as in the book (env RSVP_SIDEKICK_TTL; default 8s).")
    Duration ttl;

    private RegistrationRequest request;
    private InetSocketAddress target;
    private SidekickProbes kind;

    @Override
    public void validate(Problems problems) {
        kind = problems.check(() -> SidekickProbes.parse(probe));
        problems.check(etcd::check);
        if (service == null || instance == null || address == null) {
            return; // picocli named the missing options already
        }
        int defaultPort = kind == SidekickProbes.COUCHBASE ? 8091 : DEFAULT_PORTS.getOrDefault(service, 0);
        target = problems.check(() -> parseTarget(probeAddress != null ? probeAddress : address, defaultPort));
        if (kind != null && target != null) {
            request = problems.check(() -> RegistrationRequest.builder(service, instance, address).ttl(ttl)
                    .probe(kind.probe(target, Duration.ofSeconds(1)), ttl.dividedBy(3)).build());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        Discovery discovery = etcd.connect(DEFAULT_PORTS, Registries.unserved());
        Registration registration = discovery.register(request);
        lifecycle.closeOnShutdown(() -> {
            registration.close();
            discovery.close();
        });
        LOG.info("rsvp-stack sidekick: announcing {} = {} while the {} probe of {} passes", request.key(), address,
                kind.name().toLowerCase(java.util.Locale.ROOT), target);
        return lifecycle.awaitExit();
    }

    /** Parsed like discovery parses values, so what the sidekick probes is what readers will use. */
    private static InetSocketAddress parseTarget(String value, int defaultPort) {
        ServiceSnapshot parsed = StaticDiscovery.builder().defaultPort("probe", defaultPort).service("probe", value)
                .build().lookup("probe");
        return InetSocketAddress.createUnresolved(parsed.instances().get(0).host(), parsed.instances().get(0).port());
    }
}
