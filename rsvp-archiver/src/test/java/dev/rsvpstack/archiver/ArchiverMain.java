package dev.rsvpstack.archiver;

import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.EtcdEndpoints;
import dev.rsvpstack.discovery.RestartPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An archiver service in its own JVM, so a test can kill it with SIGKILL. Arguments: etcd
 * endpoints, candidate id, status port, spool directory, stream URI, bucket, and optionally the leader
 * grace in milliseconds; the bucket password
 * comes in the environment variable {@code COUCHBASE_PASSWORD}.
 */
public final class ArchiverMain {
    private ArchiverMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Discovery discovery = EtcdDiscovery.builder().endpoints(EtcdEndpoints.parse(args[0]))
                .defaultPort(ArchiverService.COUCHBASE_SERVICE, 11210)
                .debounce(new Debounce(Duration.ofMillis(200), Duration.ofSeconds(1))).build();
        ArchiverSettings archiver = ArchiverSettings.builder(URI.create(args[4])).spoolDirectory(Path.of(args[3]))
                .reconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        ArchiverServiceSettings settings = new ArchiverServiceSettings(archiver, args[1], Duration.ofSeconds(3),
                args[5], args[5], System.getenv("COUCHBASE_PASSWORD"), RestartPolicy.RELOAD, "127.0.0.1",
                Integer.parseInt(args[2]), args.length > 6 ? Duration.ofMillis(Long.parseLong(args[6]))
                        : ArchiverServiceSettings.DEFAULT_LEADER_GRACE);
        // As the launcher's ArchiverCommand: the service first, the etcd client last, within the bound.
        Closer shutdown = new Closer("archiver");
        shutdown.register("the etcd client", archiver.shutdown().etcd(),
                "closing the etcd client cleanly (its connections close with the process)", discovery);
        shutdown.register("the archiver service", ArchiverService.start(settings, discovery,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), (component, reason) -> { }));
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::close));
        Thread.currentThread().join();
    }
}
