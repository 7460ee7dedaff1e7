package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.web.WebService;
import dev.rsvpstack.web.WebServiceSettings;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
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
            "(/services/couchbase/, /services/memcached/); settings under /config/web/ apply without a restart."})
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

    @Override
    public void validate(Problems problems) {
        settings = problems.check(() -> WebSettings.builder().host(host).port(port).build());
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
                        .map(file -> Secrets.read(file, "--session-record-secret-file")), sessionHeirBackup);
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
        LOG.info("rsvp-stack web is up at {}", web.web().uri());
        return lifecycle.awaitExit();
    }
}
