package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.web.Draining;
import dev.rsvpstack.web.WebAnnouncement;
import dev.rsvpstack.web.WebService;
import dev.rsvpstack.web.WebServiceSettings;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code rsvp-stack web}: the book's web app, one instance of several behind a load balancer. */
@Command(name = "web", mixinStandardHelpOptions = true, header = "Serves the live RSVP page and its WebSocket.",
        description = {"Serves the live RSVP page and its WebSocket. Couchbase and memcached come from etcd",
            "(/services/couchbase/, /services/memcached/); settings under /config/web/ apply without a restart.",
            "With --instance it announces itself under /services/web/ once /readyz passes (rsvp-stack lb-sync",
            "follows it) and drains on SIGTERM."})
final class WebCommand implements Callable<Integer>, Validated {
    private static final Logger LOG = LoggerFactory.getLogger(WebCommand.class);

    @Mixin
    EtcdOptions etcd;

    @Mixin
    CouchbaseOptions couchbase;

    @Option(names = "--host", defaultValue = "${env:RSVP_WEB_HOST:-0.0.0.0}",
            description = "Address to bind (env RSVP_WEB_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:RSVP_WEB_PORT:-3000}",
            description = "Port of the page and its WebSocket (env RSVP_WEB_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--management-port", defaultValue = "${env:RSVP_WEB_MANAGEMENT_PORT}",
            description = "Port of /metrics, /healthz and /readyz for operators, on --host; unset, --port + 1000 "
                    + "(4000 beside 3000; a free one with --port 0) (env RSVP_WEB_MANAGEMENT_PORT).")
    Integer managementPort;

    @Option(names = "--trusted-proxies", split = ",", defaultValue = "${env:RSVP_WEB_TRUSTED_PROXIES}",
            description = "IP addresses of the load balancers whose X-Forwarded-Proto: https is believed: the session "
                    + "cookie is then Secure (env RSVP_WEB_TRUSTED_PROXIES, comma-separated; none by default).")
    List<String> trustedProxies;

    @Option(names = "--instance", defaultValue = "${env:RSVP_WEB_INSTANCE}",
            description = "Announce this instance as /services/web/<instance> in etcd once /readyz passes, for "
                    + "rsvp-stack lb-sync; e.g. the unit's %%i (env RSVP_WEB_INSTANCE; none: not announced).")
    String instance;

    @Option(names = "--advertise", defaultValue = "${env:RSVP_WEB_ADVERTISE}",
            description = "host:port the load balancer should send users to, announced with --instance; unset, "
                    + "--host:--port, so required when --host is a wildcard (env RSVP_WEB_ADVERTISE).")
    String advertise;

    @Option(names = "--registration-ttl", defaultValue = "${env:RSVP_WEB_REGISTRATION_TTL:-8s}",
            converter = DurationConverter.class,
            description = "Lease TTL of the announcement (env RSVP_WEB_REGISTRATION_TTL; default 8s).")
    Duration registrationTtl;

    @Option(names = "--drain-timeout", defaultValue = "${env:RSVP_WEB_DRAIN_TIMEOUT:-3s}",
            converter = DurationConverter.class,
            description = "On SIGTERM, after withdrawing the announcement: how long at most to wait until no new "
                    + "request arrives (1 s of quiet), before closing WebSockets with 1001; at most 4s, so the stop "
                    + "fits in docker stop's 10 s (env RSVP_WEB_DRAIN_TIMEOUT; default 3s).")
    Duration drainTimeout;

    @Mixin
    PolicyOption policy;

    @Option(names = "--session-secret-file", defaultValue = "${env:RSVP_SESSION_SECRET_FILE}",
            description = "File holding the session cookie's signing secret; several lines rotate: the first "
                    + "signs, all verify (env RSVP_SESSION_SECRET_FILE).")
    Path sessionSecretFile;

    @Option(names = "--session-record-secret-file", defaultValue = "${env:RSVP_SESSION_RECORD_SECRET_FILE}",
            description = "File holding connect-memcached's 'secret': session records are encrypted at rest as the "
                    + "book's Node app encrypts them with it; none by default (env RSVP_SESSION_RECORD_SECRET_FILE).")
    Path sessionRecordSecretFile;

    @Option(names = "--session-heir-backup", defaultValue = "${env:RSVP_SESSION_HEIR_BACKUP:-true}",
            fallbackValue = "true", arity = "0..1",
            description = "Keep each session also on its heir, the memcached node that takes its key over when its "
                    + "node is withdrawn, so a dead node signs nobody out; does nothing with one node (env "
                    + "RSVP_SESSION_HEIR_BACKUP; default ${DEFAULT-VALUE}).")
    boolean sessionHeirBackup;

    private WebSettings settings;
    private RestartPolicy restartPolicy;
    private Optional<WebAnnouncement> announcement = Optional.empty();
    private Draining draining;

    @Override
    public void validate(Problems problems) {
        settings = problems.check(() -> {
            WebSettings.Builder web = WebSettings.builder().host(host).port(port)
                    .trustedProxies(trustedProxies == null ? List.of() : trustedProxies);
            if (managementPort != null) {
                web.managementPort(managementPort);
            }
            return web.build();
        });
        draining = problems.check(() -> new Draining(
                drainTimeout.compareTo(Draining.DEFAULT.quietPeriod()) < 0 ? drainTimeout : Draining.DEFAULT.quietPeriod(),
                drainTimeout));
        if (instance != null && !instance.isBlank()) {
            announcement = Optional.ofNullable(problems.check(() -> new WebAnnouncement(instance,
                    advertise != null ? advertise : defaultAdvertise(), registrationTtl)));
        }
        restartPolicy = problems.check(policy::policy);
        problems.check(() -> couchbase.requirePasswordFile());
        problems.check(() -> Secrets.requireFile(sessionSecretFile, "--session-secret-file"));
        if (sessionRecordSecretFile != null) {
            problems.check(() -> Secrets.requireFile(sessionRecordSecretFile, "--session-record-secret-file"));
        }
        problems.check(etcd::check);
    }

    @Override
    public Integer call() throws InterruptedException {
        WebServiceSettings service = new WebServiceSettings(settings, restartPolicy, couchbase.bucket,
                couchbase.user(), couchbase.password(), Secrets.readLines(sessionSecretFile, "--session-secret-file"),
                Optional.ofNullable(sessionRecordSecretFile)
                        .map(file -> Secrets.read(file, "--session-record-secret-file")), sessionHeirBackup,
                announcement, draining);
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        // One registry for the process: discovery's meters and the web tier's, on the one /metrics.
        PrometheusMeterRegistry registry = Registries.prometheus();
        Discovery discovery = etcd.connect(Map.of(WebService.COUCHBASE_SERVICE, 11210,
                WebService.MEMCACHED_SERVICE, 11211), registry);
        WebService web = WebService.start(service, discovery, registry,
                (component, reason) -> lifecycle.requestExit(0, component + " changed: " + reason));
        lifecycle.closeOnShutdown(() -> {
            web.close();
            discovery.close();
        });
        LOG.info("rsvp-stack web is up at {} (management: {})", web.web().uri(), web.web().managementUri());
        return lifecycle.awaitExit();
    }

    private String defaultAdvertise() {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || port == 0) {
            throw new IllegalArgumentException("--advertise (RSVP_WEB_ADVERTISE) is required with --instance when "
                    + "--host is a wildcard or --port is 0: give the host:port the load balancer reaches");
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
