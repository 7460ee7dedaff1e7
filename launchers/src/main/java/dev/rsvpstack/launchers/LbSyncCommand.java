package dev.rsvpstack.launchers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.ServiceKeys;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rsvp-stack lb-sync}: the front door follows etcd. Watches {@code /services/web/} and applies each
 * change to a running HAProxy through its Runtime API (the admin stats socket): servers added, moved, made
 * ready, put in maintenance and deleted at run time, never a reload, so open WebSockets stay.
 */
@Command(name = "lb-sync", mixinStandardHelpOptions = true,
        header = "Keeps HAProxy in step with the web instances in etcd.",
        description = {"Watches /services/<service>/ in etcd and applies every change to a running HAProxy through its",
            "Runtime API (stats socket, level admin): add server, set server addr/state, del server. At start, and",
            "every --resync-interval, it brings the backend to what etcd has, so a restarted HAProxy is filled again.",
            "A lost HAProxy or etcd is retried and reported (log, lbsync_* metrics, /healthz), never fatal."})
final class LbSyncCommand implements Callable<Integer>, Validated {
    private static final Logger LOG = LoggerFactory.getLogger(LbSyncCommand.class);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--haproxy-socket", required = true, defaultValue = "${env:RSVP_HAPROXY_SOCKET}",
            description = "HAProxy's admin stats socket: a path, e.g. /run/haproxy/admin.sock ('stats socket PATH level "
                    + "admin'), or host:port of a TCP one for an HAProxy in another container ('stats socket "
                    + "ipv4@ADDRESS:PORT level admin'; keep it on a private network) (env RSVP_HAPROXY_SOCKET).")
    String socket;

    private HaproxySocket haproxySocket;

    @Option(names = "--backend", defaultValue = "${env:RSVP_HAPROXY_BACKEND:-web}",
            description = "The HAProxy backend lb-sync owns: servers not registered in etcd are removed from it "
                    + "(env RSVP_HAPROXY_BACKEND; default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--service", defaultValue = "${env:RSVP_LB_SERVICE:-web}",
            description = "The service whose instances fill the backend, /services/<service>/ "
                    + "(env RSVP_LB_SERVICE; default ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--server-options", defaultValue = "${env:RSVP_HAPROXY_SERVER_OPTIONS:-check inter 1s fall 2 rise 1}",
            description = "Server keywords for each added server; with 'check', HAProxy's own health check "
                    + "(the backend's 'option httpchk') is enabled (env RSVP_HAPROXY_SERVER_OPTIONS; "
                    + "default ${DEFAULT-VALUE}).")
    String serverOptions;

    @Option(names = "--resync-interval", defaultValue = "${env:RSVP_LB_RESYNC_INTERVAL:-2s}",
            converter = DurationConverter.class,
            description = "How often to compare HAProxy with etcd besides each change: repairs a restarted HAProxy "
                    + "and retries postponed deletions (env RSVP_LB_RESYNC_INTERVAL; default 2s).")
    Duration resync;

    @Option(names = "--status-host", defaultValue = "${env:RSVP_STATUS_HOST:-127.0.0.1}",
            description = "Address of /healthz and /metrics (env RSVP_STATUS_HOST; default ${DEFAULT-VALUE}).")
    String statusHost;

    @Option(names = "--status-port", defaultValue = "${env:RSVP_STATUS_PORT:-8405}",
            description = "Port of /healthz (JSON; 503 while HAProxy does not answer) and /metrics "
                    + "(env RSVP_STATUS_PORT; default ${DEFAULT-VALUE}).")
    int statusPort;

    @Override
    public void validate(Problems problems) {
        problems.check(etcd::check);
        problems.check(() -> ServiceKeys.requireName(service, "--service"));
        if (socket != null) {
            haproxySocket = problems.check(() -> HaproxySocket.of(socket, SOCKET_TIMEOUT));
        }
        if (backend == null || !backend.matches("[A-Za-z0-9._:-]+")) {
            problems.add("--backend must be an HAProxy backend name (letters, digits, . _ : -), was '" + backend + "'");
        }
        if (resync == null || resync.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("--resync-interval must be at least 100ms, was " + resync);
        }
        if (statusPort < 0 || statusPort > 65_535) {
            problems.add("--status-port must be 0 to 65535, was " + statusPort);
        }
        if (serverOptions != null && serverOptions.contains("\n")) {
            problems.add("--server-options must be one line");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        PrometheusMeterRegistry registry = Registries.prometheus();
        // Every change at once: a pass is idempotent and cheap, and a draining web waits for it.
        Discovery discovery = etcd.connect(Map.of(service, 3000), registry, Debounce.OFF);
        LbReconciler reconciler = new LbReconciler(new HaproxyRuntime(haproxySocket),
                backend, serverOptions == null ? "" : serverOptions);
        LbSync sync = LbSync.start(discovery, service, reconciler, resync, registry);
        Undertow status = statusServer(sync, registry);
        lifecycle.closeOnShutdown(() -> {
            status.stop();
            sync.close();
            discovery.close();
        });
        LOG.info("rsvp-stack lb-sync: /services/{}/ -> HAProxy backend {} via {}; status at http://{}:{}/healthz",
                service, backend, socket, statusHost,
                ((InetSocketAddress) status.getListenerInfo().get(0).getAddress()).getPort());
        return lifecycle.awaitExit();
    }

    private Undertow statusServer(LbSync sync, PrometheusMeterRegistry registry) {
        ObjectMapper json = new ObjectMapper();
        Undertow server = Undertow.builder().addHttpListener(statusPort, statusHost)
                .setHandler(Handlers.path()
                        .addExactPath("/metrics", exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                            exchange.getResponseSender().send(registry.scrape());
                        })
                        .addExactPath("/healthz", exchange -> {
                            LbSync.Status now = sync.status();
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("status", now.haproxyReachable() ? "ok" : "degraded");
                            body.put("haproxyReachable", now.haproxyReachable());
                            body.put("problem", now.haproxyProblem());
                            body.put("etcd", now.etcd().name());
                            body.put("lastPass", now.lastPass() == null ? null : now.lastPass().toString());
                            body.put("registered", now.registered().stream()
                                    .map(i -> Map.of("instance", i.id(), "address", i.hostAndPort())).toList());
                            body.put("haproxy", now.haproxy().stream().map(s -> Map.of("server", s.name(),
                                    "address", s.hostAndPort(), "state", s.describe())).toList());
                            body.put("draining", now.draining());
                            exchange.setStatusCode(now.haproxyReachable() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE);
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                            exchange.getResponseSender().send(json.writeValueAsString(body));
                        }))
                .build();
        server.start();
        return server;
    }
}
