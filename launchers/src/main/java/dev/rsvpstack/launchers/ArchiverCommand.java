package dev.rsvpstack.launchers;

import dev.rsvpstack.archiver.ArchiverService;
import dev.rsvpstack.archiver.ArchiverServiceSettings;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.ShutdownTimeouts;
import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.RestartPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code rsvp-stack archiver}: the book's worker, losing nothing, one active instance per cluster. */
@Command(name = "archiver", mixinStandardHelpOptions = true,
        header = "Archives the RSVP stream into Couchbase (one leader).",
        description = {"Archives the RSVP stream into Couchbase (found under /services/couchbase/ in etcd).",
            "Runs while it leads the etcd election 'archiver'; other instances wait as hot standbys.",
            "On SIGTERM it exits within 8 s, even with etcd and Couchbase gone: each shutdown step has a timeout, "
                    + "and a step given up is logged with what was lost (docs/architecture.md, Shutdown)."})
final class ArchiverCommand implements Callable<Integer>, Validated {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiverCommand.class);

    @Mixin
    EtcdOptions etcd;

    @Mixin
    CouchbaseOptions couchbase;

    @Option(names = "--source", defaultValue = "${env:RSVP_ARCHIVER_SOURCE:-ws://127.0.0.1:8090/2/rsvps}",
            description = "The RSVP stream (env RSVP_ARCHIVER_SOURCE; default ${DEFAULT-VALUE}).")
    URI source;

    @Option(names = "--spool-dir", defaultValue = "${env:RSVP_SPOOL_DIR:-spool}",
            description = "Where RSVPs wait while Couchbase is down, dead letters are kept, and this host's last "
                    + "known resume point, used when Couchbase has none (a new, empty one); keep it across restarts "
                    + "(env RSVP_SPOOL_DIR; default ${DEFAULT-VALUE}).")
    Path spoolDir;

    @Option(names = "--spool-cap", defaultValue = "${env:RSVP_SPOOL_CAP_MB:-256}",
            description = "Spool cap in MiB; at the cap the archiver stops reading (env RSVP_SPOOL_CAP_MB; "
                    + "default ${DEFAULT-VALUE}).")
    long spoolCapMb;

    @Option(names = "--status-host", defaultValue = "${env:RSVP_STATUS_HOST:-0.0.0.0}",
            description = "Address of /healthz and /metrics (env RSVP_STATUS_HOST; default ${DEFAULT-VALUE}).")
    String statusHost;

    @Option(names = "--status-port", defaultValue = "${env:RSVP_STATUS_PORT:-8081}",
            description = "Port of /healthz and /metrics (env RSVP_STATUS_PORT; default ${DEFAULT-VALUE}).")
    int statusPort;

    @Mixin
    PolicyOption policy;

    @Option(names = "--candidate-id", defaultValue = "${env:RSVP_CANDIDATE_ID}",
            description = "This instance in the leader election; the host name when not given "
                    + "(env RSVP_CANDIDATE_ID).")
    String candidateId;

    @Option(names = "--leader-ttl", defaultValue = "${env:RSVP_LEADER_TTL:-8s}", converter = DurationConverter.class,
            description = "Lease behind leadership: a standby takes over within it (env RSVP_LEADER_TTL; "
                    + "default 8s).")
    Duration leaderTtl;

    @Option(names = "--leader-grace", defaultValue = "${env:RSVP_LEADER_GRACE:-1s}", converter = DurationConverter.class,
            description = "How long a new leader waits after winning before it connects to the stream, so the old "
                    + "leader's connection is gone first (env RSVP_LEADER_GRACE; default 1s).")
    Duration leaderGrace;

    @Option(names = "--retention", defaultValue = "${env:RSVP_RETENTION:-0s}", converter = DurationConverter.class,
            description = "How long archived RSVPs live: each is stored with this Couchbase expiry; 0s keeps them "
                    + "for ever (env RSVP_RETENTION; default 0s, for ever).")
    Duration retention;

    private ArchiverSettings archiver;
    private RestartPolicy restartPolicy;

    @Override
    public void validate(Problems problems) {
        archiver = problems.check(() -> ArchiverSettings.builder(source).spoolDirectory(spoolDir)
                .spoolCapBytes(spoolCapMb * 1024 * 1024).retention(retention).build());
        restartPolicy = problems.check(policy::policy);
        problems.check(couchbase::requirePasswordFile);
        problems.check(etcd::check);
        if (problems.isEmpty()) {
            // The record checks the rest (TTL, status port...) only as a whole. The password file is
            // read in call(), where a missing file is one line, not a usage: a stand-in here.
            problems.check(() -> new ArchiverServiceSettings(archiver, candidate(), leaderTtl, couchbase.bucket,
                    couchbase.user(), "not-read-yet", restartPolicy, statusHost, statusPort, leaderGrace));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ArchiverServiceSettings settings = new ArchiverServiceSettings(archiver, candidate(), leaderTtl,
                couchbase.bucket, couchbase.user(), couchbase.password(), restartPolicy, statusHost, statusPort,
                leaderGrace);
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        ShutdownTimeouts timeouts = settings.archiver().shutdown();
        // One registry for the process: discovery's meters and the archiver's, on the status port's /metrics.
        PrometheusMeterRegistry registry = Registries.prometheus();
        // The service first, the etcd client last; each step that waits on a server is bounded.
        Closer shutdown = new Closer("archiver");
        Discovery discovery = shutdown.register("the etcd client", timeouts.etcd(),
                "closing the etcd client cleanly (its connections close with the process)",
                etcd.connect(Map.of(ArchiverService.COUCHBASE_SERVICE, 11210), registry));
        ArchiverService service = ArchiverService.start(settings, discovery, registry,
                (component, reason) -> lifecycle.requestExit(0, component + " changed: " + reason));
        shutdown.register("the archiver service", service);
        // The steps keep to timeouts.bound(); the launcher's last resort allows a second more, still below
        // docker stop's 10 s.
        lifecycle.closeOnShutdown(shutdown, timeouts.bound().plusSeconds(1));
        LOG.info("rsvp-stack archiver {} is up; status at {}", settings.candidateId(), service.statusUri());
        return lifecycle.awaitExit();
    }

    private String candidate() {
        if (candidateId != null && !candidateId.isBlank()) {
            return candidateId;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "archiver-" + ProcessHandle.current().pid();
        }
    }
}
