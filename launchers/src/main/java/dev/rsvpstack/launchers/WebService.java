package dev.rsvpstack.launchers;

import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.SupervisedConnection;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.discovery.RestartRequestListener;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.web.CouchbaseRsvps;
import dev.rsvpstack.web.ReadinessCheck;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebConfigKeys;
import dev.rsvpstack.web.WebSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web tier composed from the libraries: Couchbase and memcached found through discovery (a move
 * applied in process under {@code reload}, reported for a restart under {@code exit}), sessions in
 * memcached, settings under {@code /config/web/} applied without dropping clients.
 */
final class WebService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);
    private static final Duration MEMCACHED_WAIT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private volatile RsvpWebServer web; // set once started; read by the Couchbase watch's thread

    /** What the web command parsed. */
    record Options(WebSettings settings, RestartPolicy policy, String bucket, String user, String couchbasePassword,
                   List<String> sessionSecrets, Optional<String> sessionRecordSecret) {
    }

    static WebService start(Options options, Discovery discovery, RestartRequestListener restarts) {
        WebService service = new WebService();
        try {
            service.startPieces(options, discovery, restarts);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startPieces(Options options, Discovery discovery, RestartRequestListener restarts) {
        SupervisedConnection couchbase = own(SupervisedConnection.builder().policy(options.policy())
                .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket(options.bucket())
                        .username(options.user()).password(options.couchbasePassword())
                        .designDocument(RsvpViews.DESIGN_DOCUMENT).build())
                .restartListener(restarts)
                .onReconnect(connection -> { // reload: query the new Couchbase now, not at the next poll
                    RsvpWebServer started = web;
                    if (started != null) {
                        started.sourceChanged();
                    }
                })
                .build());
        own(discovery.watch("couchbase", couchbase));

        MemcachedSettings.Builder memcached = MemcachedSettings.builder().nodes(addresses(waitForMemcached(discovery)));
        options.sessionRecordSecret().ifPresent(memcached::recordSecret); // connect-memcached's `secret`
        MemcachedSessionStore store = own(SessionStores.memcached(memcached.build()));
        own(discovery.watch("memcached", (snapshot, changes) -> {
            if (changes.isEmpty() && snapshot.isEmpty()) {
                return;
            }
            if (options.policy() == RestartPolicy.EXIT && !changes.isEmpty()) {
                restarts.restartRequested("memcached", changes.toString());
            } else if (!snapshot.isEmpty()) {
                store.replaceNodes(addresses(snapshot));
                LOG.info("memcached nodes now {}", snapshot.hostsAndPorts());
            } else {
                LOG.warn("no memcached node is registered; keeping {} until one is", store.nodes());
            }
        }));
        List<String> secrets = options.sessionSecrets(); // the first signs, all verify
        Sessions sessions = Sessions.builder(store, SessionSettings.builder(secrets.get(0)).secrets(secrets)
                .saveUninitialized(true).build()).build();

        Config config = own(discovery.config(WebConfigKeys.SERVICE, WebConfigKeys.ALL, changed -> {
            if (web != null) {
                web.reconfigure(WebConfigKeys.apply(web.settings(), changed));
            }
        }));
        WebSettings settings = WebConfigKeys.apply(options.settings(), config);
        web = own(RsvpWebServer.builder(settings)
                .source(CouchbaseRsvps.source(couchbase))
                .sessions(sessions)
                .readinessCheck("couchbase-connection", () -> couchbase.connected() ? Optional.empty()
                        : Optional.of("no Couchbase connection (none registered under /services/couchbase/ yet?)"))
                .readinessCheck("memcached", ReadinessCheck.nonEmpty(store::nodes, "no memcached node is known"))
                .meterRegistry(Registries.prometheus())
                .start());
    }

    RsvpWebServer web() {
        return web;
    }

    /** Sessions need at least one node to start; a sidekick registers one within seconds. */
    private static ServiceSnapshot waitForMemcached(Discovery discovery) {
        Instant deadline = Instant.now().plus(MEMCACHED_WAIT);
        boolean logged = false;
        while (true) {
            ServiceSnapshot snapshot = discovery.lookup("memcached");
            if (!snapshot.isEmpty() || Instant.now().isAfter(deadline)) {
                if (snapshot.isEmpty()) {
                    throw new IllegalStateException("no memcached node registered under /services/memcached/ within "
                            + MEMCACHED_WAIT.toSeconds() + " s");
                }
                return snapshot;
            }
            if (!logged) {
                LOG.info("waiting for a memcached node under /services/memcached/");
                logged = true;
            }
            try {
                Thread.sleep(500); // start-up wait for a registration, bounded by MEMCACHED_WAIT
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for memcached", e);
            }
        }
    }

    private static List<InetSocketAddress> addresses(ServiceSnapshot snapshot) {
        return snapshot.instances().stream().map(i -> new InetSocketAddress(i.host(), i.port())).toList();
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!owned.isEmpty()) {
            AutoCloseable resource = owned.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource, e);
            }
        }
    }
}
